using Xunit;

namespace Sandbox.Testing;

public abstract partial class ExecutorConformanceTests
{
    private const string CanaryVariable = "SANDBOX_CONFORMANCE_CANARY";

    /// <summary>Variables of <see cref="Sandbox.Abstractions.ExecutionRequest.Environment"/> reach the command verbatim.</summary>
    [Fact]
    public async Task Environment_variables_are_passed()
    {
        var request = Shell("printf '%s|%s|%s' \"$GREETING\" \"${EMPTY-unset}\" \"$QUOTES\"") with
        {
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello world", ["EMPTY"] = "", ["QUOTES"] = "a'b\"c $HOME" },
        };

        var result = await RunAsync(request);

        Assert.Equal("hello world||a'b\"c $HOME", result.Stdout);
    }

    /// <summary>Nothing of the caller's environment is passed through implicitly.</summary>
    [Fact]
    public async Task Nothing_leaks_from_the_callers_environment()
    {
        var canary = $"canary-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(CanaryVariable, canary);
        try
        {
            var result = await RunAsync(Request("env"));

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(canary, result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(CanaryVariable, result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CanaryVariable, null);
        }
    }
}
