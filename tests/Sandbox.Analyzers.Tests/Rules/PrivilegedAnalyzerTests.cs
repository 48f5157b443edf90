using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class PrivilegedAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() =>
        new ProjectBuilder().WithAnalyzer<PrivilegedAnalyzer>().WithCodeFixProvider<PrivilegedFixer>();

    [Fact]
    public Task Privileged_true_in_an_object_initializer_is_reported_and_removed_by_the_fix() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { [|Privileged = true|], User = "1000" };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { User = "1000" };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Privileged_true_in_a_with_expression_is_reported_and_removed_by_the_fix() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile(SecurityProfile profile) => profile with
                    {
                        User = "1000",
                        [|Privileged = true|],
                    };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    SecurityProfile Profile(SecurityProfile profile) => profile with
                    {
                        User = "1000",
                    };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_constant_that_flows_into_Privileged_is_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    private const bool Elevated = true;

                    ExecutionRequest Request()
                    {
                        const bool p = Elevated;
                        return new ExecutionRequest { Security = new SecurityProfile { [|Privileged = p|] } };
                    }
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    private const bool Elevated = true;

                    ExecutionRequest Request()
                    {
                        const bool p = Elevated;
                        return new ExecutionRequest { Security = new SecurityProfile { } };
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task The_diagnostic_names_the_setting() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { Privileged = true };
                }
                """)
            .ShouldReportDiagnostic(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(SandboxDiagnostics.Privileged)
                .WithSpan("/0/Test0.cs", 3, 56, 3, 73)
                .WithMessage("SecurityProfile.Privileged runs the sandbox privileged"))
            .ShouldFixCodeWith("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { };
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("Privileged = false")]
    [InlineData("User = \"1000\"")]
    public Task Compliant_profiles_are_not_reported(string initializer) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { {{initializer}} };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_value_the_compiler_cannot_prove_is_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile(bool elevated) => new SecurityProfile { Privileged = elevated };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_look_alike_type_outside_the_framework_is_not_reported() =>
        CreateProjectBuilder()
            .WithoutSandboxReference()
            .WithSourceCode("""
                namespace Other
                {
                    record SecurityProfile { public bool Privileged { get; init; } }

                    class C
                    {
                        SecurityProfile Profile() => new SecurityProfile { Privileged = true };
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Generated_code_is_not_analyzed() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                // <auto-generated/>
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { Privileged = true };
                }
                """)
            .ValidateAsync();
}
