using Microsoft.CodeAnalysis.Testing;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class PluginDiscoveryAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<PluginDiscoveryAnalyzer>();

    private const string ValidatorBody = """
        {
            public string Name => "v";
            public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
                Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
        """;

    [Theory]
    [InlineData("internal sealed class [|V|] : IValidator", "")]
    [InlineData("public abstract class [|V|] : IValidator", "")]
    [InlineData("public sealed class [|V|]<T> : IValidator", "")]
    [InlineData("public sealed class [|V|] : IValidator", "public V(string name) { }")]
    [InlineData("public sealed class [|V|] : IValidator", "internal V() { }")]
    [InlineData("public sealed class [|V|] : IValidator", "public V(PluginContext context, string extra) { }")]
    public Task Types_the_loader_skips_are_reported(string declaration, string constructor) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                {{declaration}}
                {{ValidatorBody}}
                    {{constructor}}
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("")]
    [InlineData("public V() { }")]
    [InlineData("public V(PluginContext context) { }")]
    [InlineData("public V(PluginContext context) { } private V(int x) { }")]
    public Task Discoverable_types_are_not_reported(string constructor) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                public sealed class V : IValidator
                {{ValidatorBody}}
                    {{constructor}}
                }

                public interface IMyValidator : IValidator { }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_public_type_nested_in_an_internal_one_is_not_public_and_the_message_lists_every_reason() =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                internal static class Outer
                {
                    public abstract class V : IValidator
                    {{ValidatorBody}}
                        protected V(int x) { }
                    }
                }
                """)
            .ShouldReportDiagnostic(new DiagnosticResult(SandboxDiagnostics.PluginNotDiscoverable)
                .WithSpan("/0/Test0.cs", 3, 27, 3, 28)
                .WithArguments("V (not public, abstract, no public constructor taking PluginContext or no parameters)"))
            .ValidateAsync();
}
