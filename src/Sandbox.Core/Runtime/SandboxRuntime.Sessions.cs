using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Core.Diagnostics;
using Sandbox.Core.Pooling;
using Sandbox.Core.Sessions;

namespace Sandbox.Core;

/// <summary>Sessions: long-lived sandboxes that accept several commands (see <see cref="SessionOperations"/>).</summary>
public sealed partial class SandboxRuntime
{
    /// <summary>
    /// Validates <paramref name="spec"/> (validators and the SBX inspection, as for a run) and starts a session on the
    /// executor of <paramref name="options"/> (or the default one). With <paramref name="detachedTimeToLive"/> the
    /// session belongs to no process: any process can open it by id until it expires. Either way the session holds a slot
    /// of <see cref="Limiter"/> until it is disposed (queuing while the bound is reached), as every sandbox does.
    /// </summary>
    /// <exception cref="SessionRejectedException">A validator rejected the spec; nothing was created.</exception>
    /// <exception cref="CapabilityNotSupportedException">The executor has no sessions (or no detached ones).</exception>
    public async Task<ISandboxSession> CreateSessionAsync(ExecutionRequest spec, RunOptions? options = null, TimeSpan? detachedTimeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= RunOptions.Default;
        var executor = GetExecutor(options.Executor);
        if (!executor.Capabilities.Supports(SandboxFeatures.Sessions))
            throw new CapabilityNotSupportedException(executor.Name, SandboxFeatures.Sessions, executor.Capabilities.Limitations);
        if (string.IsNullOrEmpty(spec.Id)) spec = spec with { Id = Guid.NewGuid().ToString("N")[..12] };
        using var activity = SessionTelemetry.StartCreate(executor, spec);

        if (options.SkipValidation || !ValidationEnabled)
        {
            _logger.LogWarning("Validation is disabled for session {RequestId} (SBX0014): its spec is not checked", spec.Id);
        }
        else
        {
            var report = await ValidateAsync(spec, options with { Executor = executor.Name }, cancellationToken).ConfigureAwait(false);
            if (report.Rejected) throw new SessionRejectedException(RejectionMessage(report), report);
            foreach (var finding in report.Findings.Where(f => f.Severity == FindingSeverity.Warning))
                _logger.LogWarning("Session {RequestId}: {Finding}", spec.Id, finding);
        }

        if (detachedTimeToLive is not { } ttl) return SessionTelemetry.Observe(await executor.CreateSessionAsync(spec, cancellationToken).ConfigureAwait(false), activity);
        if (PluginExecutor(executor.Name) is not IDetachedSessionExecutor detached)
            throw new CapabilityNotSupportedException(executor.Name, SandboxFeatures.Sessions, new Dictionary<SandboxFeatures, string> { [SandboxFeatures.Sessions] = "its sessions cannot outlive the process that creates them" });
        return SessionTelemetry.Observe(await LimitedSession.CreateAsync(Limiter, ct => detached.CreateDetachedSessionAsync(spec, ttl, ct), cancellationToken).ConfigureAwait(false), activity);
    }

    /// <summary>
    /// Opens the existing session <paramref name="id"/> on <paramref name="executor"/>, or on whichever executor has it.
    /// The handle holds no slot of <see cref="Limiter"/>: its sandbox was counted by the runtime that created it.
    /// </summary>
    /// <exception cref="SessionNotFoundException">No executor has it.</exception>
    public async Task<ISandboxSession> OpenSessionAsync(string id, string? executor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var searched = new List<string>();
        foreach (var candidate in SessionExecutors(executor))
        {
            searched.Add(candidate.Name);
            try
            {
                if (await candidate.OpenSessionAsync(id, cancellationToken).ConfigureAwait(false) is { } session) return SessionTelemetry.Observe(session);
            }
            catch (EngineUnavailableException ex) when (executor is null)
            {
                // Searching everywhere: an engine that is not running has no sessions to offer.
                _logger.LogDebug("{Executor}: not searched: {Reason}", candidate.Name, ex.Message);
            }
        }

        throw new SessionNotFoundException(id, searched);
    }

    /// <summary>The sessions of <paramref name="executor"/> (or of every executor that can list them). An unreachable engine is skipped.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(string? executor = null, CancellationToken cancellationToken = default)
    {
        var all = new List<SessionInfo>();
        foreach (var candidate in SessionExecutors(executor))
        {
            try
            {
                all.AddRange(await candidate.ListSessionsAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (EngineUnavailableException ex) when (executor is null)
            {
                _logger.LogDebug("{Executor}: sessions not listed: {Reason}", candidate.Name, ex.Message);
            }
        }

        return [.. all.OrderBy(s => s.CreatedAt)];
    }

    private IEnumerable<IDetachedSessionExecutor> SessionExecutors(string? name) =>
        name is not null
            ? [PluginExecutor(name) as IDetachedSessionExecutor ?? throw new CapabilityNotSupportedException(name, SandboxFeatures.Sessions)]
            : Plugins.Executors.Values.OfType<IDetachedSessionExecutor>();
}
