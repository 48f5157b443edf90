using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sandbox.Server.Security;

/// <summary>
/// Puts a replaced token file or TLS certificate in force without a restart: the files are checked every
/// <see cref="Interval"/>, and at once on SIGHUP (which, as for other daemons, reloads rather than stops the server).
/// </summary>
internal sealed class CredentialReloader(ServerCredentials credentials, ILogger<CredentialReloader> logger) : IHostedService, IDisposable
{
    /// <summary>How often the files are read again to see whether they changed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private PosixSignalRegistration? _hangUp;
    private Task _polling = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                logger.LogInformation("SIGHUP: reading the token file and the TLS certificate again");
                credentials.Reload(logger);
            });
        }

        _polling = PollAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        // Also when the host never stopped it (another service failed to start): the checks end with the server.
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                credentials.Reload(logger);
            }
            catch (Exception ex)
            {
                // A check that fails for another reason is tried again on the next tick rather than ending the checks.
                logger.LogError(ex, "Checking the token file and the TLS certificate for changes failed");
            }
        }
    }
}
