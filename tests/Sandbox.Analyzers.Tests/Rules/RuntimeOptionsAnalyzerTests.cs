using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

/// <summary>SBX0014 and SBX0015 on Sandbox.Core's option types, declared here as stubs with the same metadata names.</summary>
public sealed class RuntimeOptionsAnalyzerTests
{
    private const string CoreStubs = """

        namespace Sandbox.Core
        {
            public sealed class SandboxOptions
            {
                public bool ValidationEnabled { get; set; } = true;
                public bool SkipValidation { get; set; }
                public bool FallbackToHost { get; set; }
            }

            public sealed record RunOptions
            {
                public bool SkipValidation { get; init; }
            }
        }
        """;

    private static ProjectBuilder CreateProjectBuilder() =>
        new ProjectBuilder().WithAnalyzer<ValidationDisabledAnalyzer>().WithAnalyzer<HostFallbackAnalyzer>();

    [Fact]
    public Task Disabling_validation_is_SBX0014_in_every_form() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                using Sandbox.Core;

                class C
                {
                    void Configure(SandboxOptions options)
                    {
                        {|SBX0014:options.ValidationEnabled = false|};
                        {|SBX0014:options.SkipValidation = true|};
                    }

                    RunOptions Run() => new RunOptions { {|SBX0014:SkipValidation = true|} };
                }
                """ + CoreStubs)
            .ValidateAsync();

    [Fact]
    public Task Falling_back_to_the_host_is_SBX0015_also_inside_a_configuration_lambda() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                using Sandbox.Core;

                class C
                {
                    void Configure(Action<Action<SandboxOptions>> addSandbox) => addSandbox(o => {|SBX0015:o.FallbackToHost = true|});
                }
                """ + CoreStubs)
            .ValidateAsync();

    [Fact]
    public Task Safe_options_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                using Sandbox.Core;

                class C
                {
                    SandboxOptions Options(bool fromConfig) => new SandboxOptions { ValidationEnabled = true, SkipValidation = false, FallbackToHost = fromConfig };
                }
                """ + CoreStubs)
            .ValidateAsync();

    [Fact]
    public Task The_rules_need_no_Abstractions_reference_only_the_Core_types() =>
        CreateProjectBuilder()
            .WithoutSandboxReference()
            .WithSourceCode("""
                class C
                {
                    Sandbox.Core.SandboxOptions Options() => new() { {|SBX0015:FallbackToHost = true|} };
                }
                """ + CoreStubs)
            .ValidateAsync();

    [Fact]
    public Task Same_named_members_of_other_types_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                namespace Elsewhere
                {
                    class SandboxOptions { public bool FallbackToHost { get; set; } public bool ValidationEnabled { get; set; } }

                    class C
                    {
                        SandboxOptions Options() => new() { FallbackToHost = true, ValidationEnabled = false };
                    }
                }
                """)
            .ValidateAsync();
}
