using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Hosting;

/// <summary>
/// Stops the server (the usual graceful stop: pools destroyed, nothing left) once no call has been in flight for
/// <see cref="ServerOptions.IdleExit"/>.
/// </summary>
internal sealed class IdleShutdown(ServerActivity activity, TimeSpan idleExit, IHostApplicationLifetime lifetime, ILogger<IdleShutdown> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Checked often enough to stop within a tenth of the limit, never busier than ten times a second.
        var period = TimeSpan.FromTicks(Math.Clamp(idleExit.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (activity.Idle < idleExit) continue;
                logger.LogInformation("No call for {IdleExit}: stopping", Duration.Format(idleExit));
                lifetime.StopApplication();
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping for another reason.
        }
    }
}
