using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

/// <summary>SBX0005, SBX0006 and SBX0007: limits removed from ResourceLimits, and the default-restoring fix.</summary>
public sealed class ResourceLimitAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<NoMemoryLimitAnalyzer>()
        .WithAnalyzer<NoTimeoutAnalyzer>()
        .WithAnalyzer<NoPidsLimitAnalyzer>()
        .WithCodeFixProvider<ResourceLimitFixer>();

    [Fact]
    public Task Null_limits_are_reported_and_memory_and_timeout_are_fixed_to_the_defaults() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ResourceLimits Limits() => new ResourceLimits
                    {
                        {|SBX0005:MemoryBytes = null|},
                        {|SBX0006:Timeout = null|},
                        {|SBX0007:Pids = null|},
                    };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    ResourceLimits Limits() => new ResourceLimits
                    {
                        MemoryBytes = ResourceLimits.DefaultMemoryBytes,
                        Timeout = ResourceLimits.DefaultTimeout,
                        {|SBX0007:Pids = null|},
                    };
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("Timeout.InfiniteTimeSpan")]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan")]
    [InlineData("TimeSpan.Zero")]
    [InlineData("default")]
    [InlineData("default(TimeSpan)")]
    [InlineData("default(TimeSpan?)")]
    public Task Every_value_that_means_no_timeout_is_reported_and_fixed(string value) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                class C
                {
                    ExecutionRequest Request(ExecutionRequest request) => request with { Limits = request.Limits with { {|SBX0006:Timeout = {{value}}|} } };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    ExecutionRequest Request(ExecutionRequest request) => request with { Limits = request.Limits with { Timeout = ResourceLimits.DefaultTimeout } };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task The_fix_qualifies_the_default_when_the_namespace_is_not_imported() =>
        new ProjectBuilder()
            .WithAnalyzer<NoMemoryLimitAnalyzer>()
            .WithCodeFixProvider<ResourceLimitFixer>()
            .WithoutSandboxGlobalUsing()
            .WithSourceCode("""
                class C
                {
                    Sandbox.Abstractions.ResourceLimits Limits() => new Sandbox.Abstractions.ResourceLimits { {|SBX0005:MemoryBytes = default|} };
                }
                """)
            .ShouldFixCodeWith("""
                using Sandbox.Abstractions;

                class C
                {
                    Sandbox.Abstractions.ResourceLimits Limits() => new Sandbox.Abstractions.ResourceLimits { MemoryBytes = ResourceLimits.DefaultMemoryBytes };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Finite_or_unknown_limits_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ResourceLimits Limits(long? memory) => new ResourceLimits
                    {
                        MemoryBytes = 256L * 1024 * 1024,
                        Timeout = TimeSpan.FromSeconds(5),
                        Pids = 64,
                        FileSizeBytes = null,
                    } with { MemoryBytes = memory };
                }
                """)
            .ValidateAsync();
}
