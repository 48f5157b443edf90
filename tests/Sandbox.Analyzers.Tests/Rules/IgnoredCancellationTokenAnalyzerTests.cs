using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class IgnoredCancellationTokenAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() =>
        new ProjectBuilder().WithAnalyzer<IgnoredCancellationTokenAnalyzer>().WithCodeFixProvider<CancellationTokenFixer>();

    private static string Executor(string executeAsync) => $$"""
        public sealed class MyExecutor : IExecutor
        {
        {{PluginSources.OtherExecutorMembers}}

        {{executeAsync}}

            private static Task<int> RunAsync(string what, int retries = 1, CancellationToken cancellationToken = default) => Task.FromResult(retries);
        }
        """;

    [Fact]
    public Task A_dropped_token_is_reported_and_the_fix_passes_it_to_every_call_that_takes_one() =>
        CreateProjectBuilder()
            .WithSourceCode(Executor("""
                    public async Task<ExecutionResult> [|ExecuteAsync|](ExecutionRequest request, CancellationToken ct = default)
                    {
                        await Task.Delay(10);
                        await RunAsync("a", 2);
                        await RunAsync("b");
                        await Task.Run(async () => await RunAsync(await Task.FromResult("c"), 3));
                        return null!;
                    }
                """))
            .ShouldFixCodeWith(Executor("""
                    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken ct = default)
                    {
                        await Task.Delay(10, ct);
                        await RunAsync("a", 2, ct);
                        await RunAsync("b", cancellationToken: ct);
                        await Task.Run(async () => await RunAsync(await Task.FromResult("c"), 3, ct), ct);
                        return null!;
                    }
                """))
            .ValidateAsync();

    [Fact]
    public Task No_fix_is_offered_when_no_call_accepts_a_token() =>
        CreateProjectBuilder()
            .WithSourceCode(Executor("""
                    public async Task<ExecutionResult> [|ExecuteAsync|](ExecutionRequest request, CancellationToken cancellationToken = default)
                    {
                        await Task.Yield();
                        return null!;
                    }
                """))
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Theory]
    [InlineData("cancellationToken.ThrowIfCancellationRequested();")]
    [InlineData("await Task.Delay(10, cancellationToken);")]
    [InlineData("using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);")]
    [InlineData("await Task.Run(() => cancellationToken.IsCancellationRequested);")]
    [InlineData("Local(); void Local() => cancellationToken.ThrowIfCancellationRequested();")]
    public Task Any_use_of_the_token_is_compliant(string use) =>
        CreateProjectBuilder()
            .WithSourceCode(Executor($$"""
                    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
                    {
                        {{use}}
                        await Task.Yield();
                        return null!;
                    }
                """))
            .ValidateAsync();

    [Fact]
    public Task Methods_that_are_not_async_or_not_in_an_executor_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                public sealed class NotAnExecutor
                {
                    public async Task RunAsync(CancellationToken cancellationToken) => await Task.Yield();
                }

                public sealed class SyncExecutor : IExecutor
                {
                """ + PluginSources.OtherExecutorMembers + """

                    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default) => Task.FromResult<ExecutionResult>(null!);
                }
                """)
            .ValidateAsync();
}
