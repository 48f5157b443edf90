using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>A session that holds a <see cref="SandboxSlot"/> until it is disposed (and its sandbox removed).</summary>
internal sealed class LimitedSession(ISandboxSession inner, SandboxSlot slot) : ISandboxSession
{
    /// <summary>Takes a slot (queuing while all are held), then starts the session with <paramref name="create"/>; a failed start gives the slot back.</summary>
    public static async Task<ISandboxSession> CreateAsync(SandboxLimiter limiter, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken)
    {
        var slot = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new LimitedSession(await create(cancellationToken).ConfigureAwait(false), slot);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    public string Id => inner.Id;

    public string Executor => inner.Executor;

    public ExecutionRequest Spec => inner.Spec;

    public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) => inner.ExecAsync(command, cancellationToken);

    public Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default) => inner.CopyInAsync(files, cancellationToken);

    public Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.CopyOutAsync(paths, cancellationToken);

    public Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.CollectAsync(paths, cancellationToken);

    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.DeleteAsync(paths, cancellationToken);

    public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) => inner.GetStatsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }
}
