using System.Diagnostics;
using System.Globalization;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Waits, within one run, for an engine that stopped answering (a restarted <c>dockerd</c> or Podman service) to come
/// back, so that the run can be finished or what it created removed instead of being left behind (issue 12). The wait
/// is bounded once per run: after it gave up, later waits of the same run return at once.
/// </summary>
internal sealed class EngineOutage(EngineClient client, TimeSpan bound)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);
    private bool _gaveUp;

    /// <summary>What happened to the engine, for messages: "came back after 3 s", "did not come back within 60 s".</summary>
    public string? Description { get; private set; }

    /// <summary>Whether the engine answers, waiting for it (saying so in the log) when it does not yet.</summary>
    /// <param name="sandbox">The sandbox whose fate depends on it, for the log.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<bool> WaitAsync(string sandbox, CancellationToken cancellationToken)
    {
        if (await client.AnswersAsync(PingTimeout, cancellationToken).ConfigureAwait(false))
        {
            Description ??= "answered again at once";
            return true;
        }

        if (_gaveUp) return false;
        var name = client.Dialect.Name;
        var seconds = bound.TotalSeconds;
        var started = Stopwatch.GetTimestamp();
        if (bound > TimeSpan.Zero)
        {
            client.Logger.WaitingForEngine(name, client.Endpoint.ToString(), Short(sandbox), seconds);
            while (Stopwatch.GetElapsedTime(started) < bound)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                if (!await client.AnswersAsync(PingTimeout, cancellationToken).ConfigureAwait(false)) continue;
                var waited = Stopwatch.GetElapsedTime(started).TotalSeconds;
                client.Logger.EngineBack(name, waited, Short(sandbox));
                Description = string.Create(CultureInfo.InvariantCulture, $"came back after {waited:0.#} s");
                return true;
            }
        }

        _gaveUp = true;
        client.Logger.EngineNotBack(name, seconds, Short(sandbox));
        Description = string.Create(CultureInfo.InvariantCulture, $"did not come back within {seconds:0.#} s (executors.{name}.engineRestartWaitSeconds)");
        return false;
    }

    /// <summary>A container id shortened as the engines' CLIs show it; a name as it is.</summary>
    public static string Short(string idOrName) => idOrName.Length == 64 && idOrName.All(char.IsAsciiHexDigitLower) ? idOrName[..12] : idOrName;
}
