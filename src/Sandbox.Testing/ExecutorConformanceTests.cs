using System.Globalization;
using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

/// <summary>
/// The executor conformance suite: derive a test class from it, return your executor, and every clause of the
/// <see cref="IExecutor"/> result contract is checked against it (exit codes, output separation and caps, stdin,
/// environment, timeouts that kill the whole tree, OOM, files in and out, path traversal, cancellation, cleanup,
/// phase timings and capability honesty).
/// </summary>
/// <remarks>
/// Commands used exist both in a minimal Debian image and on a Linux host: <c>sh</c>, <c>python3</c> and coreutils.
/// Requests start from <see cref="BaseRequest"/>, fitted to what the executor advertises (see
/// <see cref="ConformanceRequests.FitTo"/>), so the suite runs against strong and weak executors alike; tests of a
/// feature the executor does not advertise are skipped with the reason, while the capability-honesty tests check that
/// demanding it is refused. Every test ends by asserting that <see cref="CountLeftoversAsync"/> is zero.
/// </remarks>
public abstract partial class ExecutorConformanceTests
{
    private static long _markerCounter;

    /// <summary>The executor under test. The derived class owns its lifetime (it may share one instance across tests).</summary>
    protected abstract IExecutor Executor { get; }

    /// <summary>The request every test starts from, e.g. <c>new ExecutionRequest { Image = "my-image" }</c>. Its Command and Id are replaced.</summary>
    protected virtual ExecutionRequest BaseRequest => new();

    /// <summary>Timeout for the tests that hit one. Keep it short; the default is 2 s.</summary>
    protected virtual TimeSpan ShortTimeout => TimeSpan.FromSeconds(2);

    /// <summary>The test's cancellation token (cancelled when the test run is aborted).</summary>
    protected static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Counts what is left of the runs of the request with id <paramref name="requestId"/> after they returned:
    /// sandboxes, containers, temp directories, cgroups, processes. Must be zero after every run, failed, timed-out or
    /// cancelled. Docker: containers labelled with the request id; host: run directories and processes.
    /// </summary>
    protected abstract Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Counts processes on this machine whose command line contains <paramref name="marker"/>; used to prove that a
    /// killed sandbox's children and grandchildren are gone. The default reads /proc on Linux, which sees container
    /// processes too; override it to return 0 when the executor's processes are not visible here (a remote engine).
    /// </summary>
    protected virtual Task<int> CountProcessesAsync(string marker, CancellationToken cancellationToken) =>
        Task.FromResult(ProcessTable.CountWithArgument(marker));

    /// <summary>
    /// A request for <paramref name="command"/>: <see cref="BaseRequest"/> fitted to the executor's capabilities, with a
    /// fresh id and a 60 s timeout (so a hung executor fails the test instead of stalling it).
    /// </summary>
    protected ExecutionRequest Request(params string[] command)
    {
        var request = BaseRequest with
        {
            Id = $"conformance-{Guid.NewGuid():N}",
            Command = command,
        };
        request = request with { Limits = request.Limits with { Timeout = TimeSpan.FromSeconds(60) } };
        return ConformanceRequests.FitTo(request, Executor.Capabilities);
    }

    /// <summary>A request for <c>sh -c <paramref name="script"/></c>.</summary>
    protected ExecutionRequest Shell(string script) => Request("sh", "-c", script);

    /// <summary>
    /// Runs <paramref name="request"/>, then checks what every result must satisfy: the executor's name is filled in,
    /// cleanup succeeded and nothing of the run is left.
    /// </summary>
    protected async Task<ExecutionResult> RunAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Executor.ExecuteAsync(request, cancellationToken == default ? TestCancellation : cancellationToken);
        Assert.Equal(Executor.Name, result.Executor);
        Assert.True(result.CleanupSucceeded, $"cleanup failed: {string.Join("; ", result.Warnings)}");
        await AssertNothingLeftAsync(request.Id!);
        return result;
    }

    /// <summary>Asserts (waiting up to 10 s for asynchronous teardown) that nothing is left of the request's runs.</summary>
    protected async Task AssertNothingLeftAsync(string requestId)
    {
        var left = await Eventually(() => CountLeftoversAsync(requestId, TestCancellation));
        Assert.True(left == 0, $"{left} leftover(s) of request {requestId} after the run returned");
    }

    /// <summary>Asserts (waiting up to 10 s) that no process whose command line contains <paramref name="marker"/> runs.</summary>
    protected async Task AssertNoProcessAsync(string marker)
    {
        var left = await Eventually(() => CountProcessesAsync(marker, TestCancellation));
        Assert.True(left == 0, $"{left} process(es) with '{marker}' in their command line survived the run");
    }

    /// <summary>
    /// A unique <c>sleep</c> argument (e.g. <c>3600.0001234</c>): a process started as <c>sleep MARKER</c> is
    /// recognisable on the machine, so tests can prove it was killed.
    /// </summary>
    protected static string NewSleepMarker() =>
        string.Create(CultureInfo.InvariantCulture, $"3600.{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref _markerCounter):D5}");

    /// <summary>
    /// Whether the executor advertises every flag of <paramref name="feature"/>. When it does not, the test's subject
    /// is the refusal instead: a request demanding each missing flag must be refused with
    /// <see cref="CapabilityNotSupportedException"/> (never silently run), and the caller returns — no test is skipped.
    /// </summary>
    protected async Task<bool> AdvertisesOrRefusesAsync(SandboxFeatures feature)
    {
        var missing = Executor.Capabilities.Missing(feature);
        foreach (var flag in SandboxFeatureNames.Split(missing))
        {
            var demanding = ConformanceRequests.Demand(Request("true"), flag);
            var refusal = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => Executor.ExecuteAsync(demanding, TestCancellation));
            Assert.True((refusal.Missing & flag) == flag, $"{Executor.Name} refused a request demanding {SandboxFeatureNames.Describe(flag)} but named {SandboxFeatureNames.Describe(refusal.Missing)}");
            await AssertNothingLeftAsync(demanding.Id!);
        }

        return missing == SandboxFeatures.None;
    }

    private static async Task<int> Eventually(Func<Task<int>> count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var n = await count();
            if (n == 0 || DateTime.UtcNow > deadline) return n;
            await Task.Delay(100, TestCancellation);
        }
    }
}
