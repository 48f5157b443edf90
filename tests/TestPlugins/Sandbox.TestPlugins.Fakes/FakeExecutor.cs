using System.Text;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.TestPlugins;

/// <summary>
/// A fake executor for testing runtime and CLI logic without an engine. The command's first word picks the outcome:
/// <c>echo</c>, <c>fail N</c>, <c>timeout</c>, <c>oom</c>, <c>env NAME</c>, <c>stdin</c>, <c>write PATH TEXT</c>,
/// <c>flood BYTES</c>, <c>engine-down</c>. It enforces nothing that needs the network or privileges, so requests
/// for those are refused as a real executor would.
/// </summary>
public sealed class FakeExecutor(PluginContext context) : IExecutor
{
    /// <inheritdoc />
    public string Name => "fake";

    /// <inheritdoc />
    public IsolationLevel IsolationLevel => IsolationLevel.Container;

    /// <inheritdoc />
    public ExecutorCapabilities Capabilities { get; } = new()
    {
        IsolationLevel = IsolationLevel.Container,
        Features = (SandboxFeatures)~0L & ~(SandboxFeatures.NetworkAccess | SandboxFeatures.Privileged),
        Limitations = new Dictionary<SandboxFeatures, string> { [SandboxFeatures.NetworkAccess] = "the fake has no network" },
    };

    /// <summary>The settings the plugin received, echoed by the <c>settings</c> command.</summary>
    public string Settings => context.Settings.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : context.Settings.GetRawText();

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var weakened = RequestGuard.Check(request, Name, Capabilities);
        var stdout = new OutputCapture(OutputStream.Stdout, request.Limits.OutputBytes, request.OnOutput);
        var stderr = new OutputCapture(OutputStream.Stderr, request.Limits.OutputBytes, request.OnOutput);
        var args = request.Command.Skip(1).ToArray();
        var result = new ExecutionResult { Executor = Name, SandboxId = "fake-" + request.Id, IsolationLevel = IsolationLevel, WeakenedFeatures = weakened, ExitCode = 0 };
        void Out(string text) => stdout.Write(Encoding.UTF8.GetBytes(text));

        switch (request.Command[0])
        {
            case "echo":
                Out(string.Join(' ', args) + "\n");
                break;
            case "fail":
                stderr.Write(Encoding.UTF8.GetBytes($"failing with {args[0]}\n"));
                result = result with { ExitCode = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) };
                break;
            case "timeout":
                result = result with { TimedOut = true, ExitCode = 137 };
                break;
            case "oom":
                result = result with { OomKilled = true, ExitCode = 137 };
                break;
            case "env":
                Out(request.Environment.GetValueOrDefault(args[0], "") + "\n");
                break;
            case "settings":
                Out(Settings + "\n");
                break;
            case "stdin":
                stdout.Write((request.StandardInput ?? ReadOnlyMemory<byte>.Empty).Span);
                break;
            case "flood":
                var chunk = new byte[64 * 1024];
                for (long sent = 0, total = long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture); sent < total; sent += chunk.Length) stdout.Write(chunk);
                break;
            case "write":
                var collected = request.OutputPaths.Contains(args[0])
                    ? new[] { new CollectedFile(Path.GetFileName(args[0]), args[0], Encoding.UTF8.GetBytes(args[1])) }
                    : [];
                result = result with { OutputFiles = collected };
                break;
            case "sleep":
                await Task.Delay(TimeSpan.FromSeconds(double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
                break;
            case "engine-down":
                throw new EngineUnavailableException("fake", "unix:///nowhere.sock", "start it with 'fake-engine --start'");
            default:
                stderr.Write(Encoding.UTF8.GetBytes($"fake: {request.Command[0]}: command not found\n"));
                result = result with { ExitCode = 127 };
                break;
        }

        stdout.Complete();
        stderr.Complete();
        return result with
        {
            Stdout = stdout.GetText(), Stderr = stderr.GetText(), StdoutTruncated = stdout.Truncated, StderrTruncated = stderr.Truncated,
            Phases = [new PhaseTiming("run", TimeSpan.FromMilliseconds(1))],
        };
    }

    /// <inheritdoc />
    public Task<HealthReport> HealthCheckAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthReport.Ok("fake engine", new HealthCheck("engine", true, "always up")));

    /// <inheritdoc />
    public Task WarmupAsync(string? image = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken = default) => Task.FromResult(new CleanupReport(2, 2, 0));
}
