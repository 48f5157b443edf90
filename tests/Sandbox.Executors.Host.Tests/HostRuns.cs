using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Tests;

/// <summary>Runs requests on a host executor and proves, after each, that nothing of the run is left.</summary>
internal sealed class HostRuns(HostExecutor executor)
{
    public HostExecutor Executor => executor;

    /// <summary><c>sh -c <paramref name="script"/></c> with a fresh id and every default the executor enforces.</summary>
    public ExecutionRequest Shell(string script) => Request("sh", "-c", script);

    /// <summary>A request for <paramref name="command"/> with a fresh id, a 60 s timeout and only demands the executor enforces.</summary>
    public ExecutionRequest Request(params string[] command)
    {
        var request = new ExecutionRequest
        {
            Id = $"host-test-{Guid.NewGuid():N}",
            Command = command,
            Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromSeconds(60) },
        };
        return Sandbox.Testing.ConformanceRequests.FitTo(request, executor.Capabilities);
    }

    /// <summary>Runs <paramref name="request"/> and asserts that cleanup succeeded and nothing is left.</summary>
    public async Task<ExecutionResult> RunAsync(ExecutionRequest request)
    {
        var result = await executor.ExecuteAsync(request, TestContext.Current.CancellationToken);
        Assert.True(result.CleanupSucceeded, string.Join("; ", result.Warnings));
        Assert.Equal(0, HostExecutors.CountLeftovers(executor, request.Id!));
        return result;
    }

    /// <summary>Runs a shell script, optionally changing the request first.</summary>
    public Task<ExecutionResult> RunShellAsync(string script, Func<ExecutionRequest, ExecutionRequest>? change = null)
    {
        var request = Shell(script);
        return RunAsync(change is null ? request : change(request));
    }
}
