using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class WeakerIsolationAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<WeakerIsolationAnalyzer>();

    [Fact]
    public Task Accepting_weaker_isolation_is_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest A() => ExecutionRequest.For("ls") with { [|AllowWeakerIsolation = true|] };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Refusing_weaker_isolation_is_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest A(bool allow) => new ExecutionRequest { AllowWeakerIsolation = false } with { AllowWeakerIsolation = allow };
                }
                """)
            .ValidateAsync();
}
