using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class BlockingCallAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() =>
        new ProjectBuilder().WithAnalyzer<BlockingCallAnalyzer>().WithCodeFixProvider<BlockingCallFixer>();

    private static string Validator(string body) => $$"""
        public sealed class MyValidator : IValidator
        {
            public string Name => "test";

            public async Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default)
            {
        {{body}}
                return [];
            }

            private static Task<string> ReadAsync() => Task.FromResult("x");
        }
        """;

    [Fact]
    public Task Blocking_calls_in_an_async_validator_are_reported_and_turned_into_await() =>
        CreateProjectBuilder()
            .WithSourceCode(Validator("""
                        var a = [|ReadAsync().Result|];
                        var b = [|ReadAsync().Result|].Length;
                        var c = [|ReadAsync().GetAwaiter().GetResult()|];
                        var d = [|ReadAsync().ConfigureAwait(false).GetAwaiter().GetResult()|];
                        [|Task.Delay(1).Wait()|];
                """))
            .ShouldFixCodeWith(Validator("""
                        var a = await ReadAsync();
                        var b = (await ReadAsync()).Length;
                        var c = await ReadAsync();
                        var d = await ReadAsync().ConfigureAwait(false);
                        await Task.Delay(1);
                """))
            .ValidateAsync();

    [Fact]
    public Task Blocking_in_a_synchronous_member_of_an_executor_is_reported_without_a_fix() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                public sealed class MyExecutor : IExecutor
                {
                """ + PluginSources.OtherExecutorMembers + """

                    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
                    {
                        var task = Task.FromResult<ExecutionResult>(null!);
                        [|Task.WaitAll(task)|];
                        [|task.Wait(1000)|];
                        return Task.FromResult([|task.Result|]);
                    }
                }
                """)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public Task Blocking_outside_executors_and_validators_is_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                public static class Program
                {
                    public static void Main() => Task.Delay(1).Wait();
                    public static int Length(Task<string> text) => text.Result.Length;
                }
                """)
            .ValidateAsync();
}
