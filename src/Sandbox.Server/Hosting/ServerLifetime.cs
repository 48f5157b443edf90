using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Server.Runs;

namespace Sandbox.Server.Hosting;

/// <summary>
/// The runtime's life inside the server. On start it sweeps what a previous server that was killed left behind (in the
/// background: requests need not wait for it). On stop (SIGTERM, SIGINT) it refuses new work, lets running requests
/// finish within the grace period, cancels the rest, waits until their sandboxes are removed, then destroys the pools.
/// Detached sessions stay: their TTL reaps them.
/// </summary>
internal sealed class ServerLifetime(SandboxRuntime runtime, RunTracker tracker, ServerConfig config, IHostApplicationLifetime lifetime, ILogger<ServerLifetime> logger) : IHostedService
{
    /// <summary>How long cancelled runs get to remove their sandboxes after the grace period.</summary>
    public static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(30);

    private Task _sweep = Task.CompletedTask;
    private Task? _drain;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweep = Task.Run(SweepAsync, CancellationToken.None);
        // The drain starts as soon as stopping is signalled, before any hosted service (Kestrel among them) stops: the
        // web server waits for running requests, so they must be told to end within the grace period.
        lifetime.ApplicationStopping.Register(() => DrainOnce());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DrainOnce().ConfigureAwait(false);
        if (tracker.Running > 0) logger.LogWarning("{Running} request(s) did not end after cancellation; the orphan sweep removes their sandboxes", tracker.Running);
        await _sweep.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await runtime.DisposeAsync().ConfigureAwait(false);
    }

    private Task DrainOnce()
    {
        lock (tracker)
        {
            if (_drain is null)
            {
                logger.LogInformation("Stopping: {Running} request(s) in flight get {Grace} to finish", tracker.Running, Duration.Format(config.ShutdownGrace));
                _drain = tracker.DrainAsync(config.ShutdownGrace, CleanupBudget);
            }

            return _drain;
        }
    }

    private async Task SweepAsync()
    {
        foreach (var executor in runtime.Plugins.Executors.Values)
        {
            try
            {
                var report = await executor.CleanupAsync().ConfigureAwait(false);
                if (report.Found > 0) logger.LogInformation("{Executor}: swept {Removed} of {Found} orphaned sandbox(es)", executor.Name, report.Removed, report.Found);
            }
            catch (SandboxException ex)
            {
                logger.LogDebug("{Executor}: orphan sweep skipped: {Reason}", executor.Name, ex.Message);
            }
        }
    }
}
