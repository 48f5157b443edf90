using System.Collections.Concurrent;
using System.Text;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Core.Tests.Pooling;

/// <summary>
/// A fake sandbox with an in-memory working directory. Commands: <c>echo ARGS</c>, <c>write PATH TEXT</c>,
/// <c>cat PATH</c>, <c>ls</c>, <c>env NAME</c>, <c>stdin</c>, <c>exit N</c>, <c>sleep MS</c> (honours the timeout),
/// <c>flood BYTES</c>, <c>oom</c>, <c>engine-gone</c> (the engine went away mid-command), <c>block</c> (until <see cref="Release"/>).
/// </summary>
internal sealed class FakeSession(FakeSessionExecutor owner, ExecutionRequest spec, string id, bool counted = true) : ISandboxSession
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public string Id => id;

    public string Executor => owner.Name;

    public ExecutionRequest Spec => spec;

    public bool Disposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Makes health checks fail, as a sandbox whose idle process died.</summary>
    public bool Dead { get; set; }

    /// <summary>Makes statistics report nothing (an executor that cannot measure), so a health check has to run a command.</summary>
    public bool StatsUnknown { get; set; }

    /// <summary>Commands run in it, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> Commands { get; } = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public async Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Commands.Enqueue(command.Command);
        if (Dead) throw new EngineApiException("exec in the container", 409, "container is not running");
        Started.TrySetResult();
        var limit = command.OutputBytes ?? spec.Limits.OutputBytes;
        var stdout = new OutputCapture(OutputStream.Stdout, limit, command.OnOutput);
        var stderr = new OutputCapture(OutputStream.Stderr, limit, command.OnOutput);
        void Out(string text) => stdout.Write(Encoding.UTF8.GetBytes(text));
        var args = command.Command.Skip(1).ToArray();
        var result = new ExecutionResult { ExitCode = 0, Executor = Executor, SandboxId = Id };
        switch (command.Command[0])
        {
            case "true": break;
            case "echo": Out(string.Join(' ', args) + "\n"); break;
            case "write": _files[Resolve(args[0])] = Encoding.UTF8.GetBytes(args[1]); break;
            case "cat" when _files.TryGetValue(Resolve(args[0]), out var content): stdout.Write(content); break;
            case "cat": stderr.Write(Encoding.UTF8.GetBytes($"cat: {args[0]}: No such file\n")); result = result with { ExitCode = 1 }; break;
            case "ls": Out(string.Join('\n', _files.Keys.Order(StringComparer.Ordinal))); break;
            case "env": Out(spec.Environment.GetValueOrDefault(args[0], "") + "\n"); break;
            case "stdin": stdout.Write((command.StandardInput ?? ReadOnlyMemory<byte>.Empty).Span); break;
            case "exit": result = result with { ExitCode = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) }; break;
            case "flood": stdout.Write(new byte[int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture)]); break;
            case "oom": result = result with { ExitCode = 137, OomKilled = true }; break;
            case "engine-gone": result = result with { ExitCode = null, Error = new ExecutionError(ErrorKind.EngineUnavailable, "the engine went away") }; break;
            case "block": await _released.Task.WaitAsync(cancellationToken); break;
            case "sleep":
                var timeout = command.Timeout ?? spec.Limits.Timeout ?? Timeout.InfiniteTimeSpan;
                var sleep = Task.Delay(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                if (await Task.WhenAny(sleep, Task.Delay(timeout, cancellationToken)) != sleep) result = result with { TimedOut = true, ExitCode = 137 };
                cancellationToken.ThrowIfCancellationRequested();
                break;
            default: result = result with { ExitCode = 127 }; break;
        }

        stdout.Complete();
        stderr.Complete();
        return result with
        {
            Stdout = stdout.GetText(), Stderr = stderr.GetText(), StdoutTruncated = stdout.Truncated, StderrTruncated = stderr.Truncated,
            Phases = [new PhaseTiming("exec", TimeSpan.FromMilliseconds(1))],
        };
    }

    public Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default)
    {
        foreach (var file in files) _files[Resolve(file.Path)] = file.Content.ToArray();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        (await CollectAsync(paths, cancellationToken)).Files;

    public Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var files = new List<CollectedFile>();
        var warnings = new List<string>();
        foreach (var path in paths.Select(Resolve))
        {
            if (_files.TryGetValue(path, out var content)) files.Add(new CollectedFile(Path.GetFileName(path), path, content));
            else warnings.Add($"'{path}' does not exist");
        }

        return Task.FromResult(new CollectedOutput(files, warnings));
    }

    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        foreach (var path in paths) _files.TryRemove(Resolve(path), out _);
        return Task.CompletedTask;
    }

    public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        StatsUnknown ? Task.FromResult(new SessionStats(null, null, null, null, null, null))
        : Dead ? throw new EngineApiException("read stats", 404, "no such container")
        : Task.FromResult(new SessionStats(TimeSpan.FromMilliseconds(5), 1024, 2048, 1, null, null));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Release();
        if (owner.RemoveGate is { } gate) await gate;
        if (counted) owner.Ended();
        if (owner.RemoveFailure is { } failure) throw failure;
    }

    private string Resolve(string path) => SandboxPaths.Resolve(path, spec.WorkingDirectory, "path");
}
