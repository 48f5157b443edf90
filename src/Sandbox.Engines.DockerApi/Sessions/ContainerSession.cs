using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// A session on a Docker-API engine: one long-lived, locked-down container idling under a small init; every command is
/// an exec in it. Files go in and out through the one-shot runs' own paths (input stager, output collector).
/// </summary>
internal sealed class ContainerSession(SessionContext context) : ISandboxSession
{
    private int _disposed;
    private int _commands;

    /// <inheritdoc />
    public string Id => context.SessionId;

    /// <inheritdoc />
    public string Executor => context.Executor;

    /// <inheritdoc />
    public ExecutionRequest Spec => context.Spec;

    /// <inheritdoc />
    public Task<ExecutionResult> ExecAsync(SessionCommand command, CancellationToken cancellationToken = default) =>
        InterruptedCommand.RunAsync(context, ct => new SessionExec(context, firstCommand: context.Fresh && Interlocked.Increment(ref _commands) == 1).RunAsync(command, ct), cancellationToken);

    /// <inheritdoc />
    public async Task CopyInAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) return;
        var layout = context.Layout;
        var placed = new List<(string Path, SandboxFile File)>();
        for (var i = 0; i < files.Count; i++)
        {
            var field = $"files[{i}].path";
            var path = ScratchLayout.ResolveWritable(files[i].Path, layout.WorkingDirectory, field);
            if (!layout.Volumes.Any(v => ScratchLayout.IsUnder(path, v) && path != v))
                throw new InvalidRequestException(field, $"'{path}' is outside the session's writable directories ({string.Join(", ", layout.Volumes)}); copy into the working directory");
            placed.Add((path, files[i]));
        }

        var failure = await new InputStager(context.Client).CopyInAsync(context.ContainerId, context.StagingTemplate, layout with { Files = placed }, context.Owner, cancellationToken).ConfigureAwait(false);
        if (failure is not null) context.Client.Logger.LogWarning("Session {Session}: a staging container could not be removed ({Reason}); `sandbox cleanup` will retry", Id, failure);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CollectedFile>> CopyOutAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var collected = await CollectAsync(paths, cancellationToken).ConfigureAwait(false);
        foreach (var warning in collected.Warnings) context.Client.Logger.LogWarning("Session {Session}: {Warning}", Id, warning);
        return collected.Files;
    }

    /// <inheritdoc />
    public async Task<CollectedOutput> CollectAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var outputs = paths.Select((p, i) => ScratchLayout.ResolveWritable(p, context.Layout.WorkingDirectory, $"paths[{i}]")).ToList();
        var archive = await new OutputCollector(context.Client).CollectAsync(context.ContainerId, context.Layout with { Outputs = outputs }, context.Spec.Limits.CollectedFilesBytes, cancellationToken).ConfigureAwait(false);
        return new CollectedOutput(archive.Files, archive.Warnings);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) return;
        var workdir = context.Layout.WorkingDirectory;
        var resolved = new List<string>();
        for (var i = 0; i < paths.Count; i++)
        {
            var path = SandboxPaths.Resolve(paths[i], workdir, $"paths[{i}]");
            if (ScratchLayout.IsUnder(workdir, path))
                throw new InvalidRequestException($"paths[{i}]", $"'{path}' is the working directory or contains it; delete what is inside it instead");
            resolved.Add(path);
        }

        // With the workload's own rights, inside the sandbox: a link is removed, never followed, and nothing the
        // workload could not delete itself can be deleted this way.
        var (exitCode, _, stderr) = await new ExecChannel(context).RunHelperAsync(SessionScripts.Delete(resolved), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0) throw new InvalidRequestException("paths", $"could not delete: {stderr.Trim()}");
    }

    /// <inheritdoc />
    public Task<SessionStats> GetStatsAsync(CancellationToken cancellationToken = default) => SessionStatsReader.ReadAsync(context, cancellationToken);

    /// <summary>Removes the container and its volumes. Never throws: a failure is logged and left to the orphan sweep.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        var failure = await new ContainerRemover(context.Client).RemoveAsync(context.ContainerName, CancellationToken.None).ConfigureAwait(false);
        if (failure is not null) context.Client.Logger.LogWarning("Session {Session} could not be removed ({Reason}); `sandbox cleanup` will retry once its owner is gone", Id, failure);
        // Its network and fence only once the container is gone: while it may remain, it stays fenced in.
        if (failure is null && context.Egresses?.Take(Id) is { } egress && await egress.RemoveAsync().ConfigureAwait(false) is { } egressFailure)
            context.Client.Logger.LogWarning("Session {Session}: its egress network was not fully removed ({Reason}); `sandbox cleanup` will retry once its owner is gone", Id, egressFailure);
    }
}
