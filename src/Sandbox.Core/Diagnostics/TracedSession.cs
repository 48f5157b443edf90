using Sandbox.Abstractions;
using static Sandbox.Abstractions.Diagnostics.SandboxTelemetry;

namespace Sandbox.Core.Diagnostics;

/// <summary>A session whose commands and copies are spans (children of the caller's activity) and count in the metrics.</summary>
internal sealed class TracedSession(ISandboxSession inner) : ISandboxSession
{
    public string Id => inner.Id;

    public string Executor => inner.Executor;

    public ExecutionRequest Spec => inner.Spec;

    public async Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default)
    {
        using var activity = SessionTelemetry.Start(SessionExecSpan, inner);
        try
        {
            return SessionTelemetry.Completed(activity, inner, await inner.ExecAsync(command, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (SessionTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    public async Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default)
    {
        using var activity = SessionTelemetry.Start(SessionCopyInSpan, inner)?.SetTag("sandbox.files", files.Count);
        try
        {
            await inner.CopyInAsync(files, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SessionTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    public async Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        using var activity = SessionTelemetry.Start(SessionCopyOutSpan, inner);
        try
        {
            return await inner.CopyOutAsync(paths, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SessionTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    public async Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        using var activity = SessionTelemetry.Start(SessionCopyOutSpan, inner);
        try
        {
            return await inner.CollectAsync(paths, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SessionTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.DeleteAsync(paths, cancellationToken);

    public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) => inner.GetStatsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
