using System.CommandLine;
using System.Net;
using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Cli.Top;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox top</c>: a live view of a sandbox server, read from its <c>/metrics</c> (the series Prometheus scrapes),
/// refreshed every <c>--interval</c> until <c>q</c>. <c>--once</c> prints one screen, for scripts and logs.
/// </summary>
internal static class TopCommand
{
    // Percentiles and outcomes cover this much of the recent past.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private static readonly Option<string> Interval = new("--interval") { Description = "Time between refreshes (e.g. 1s, 500ms).", DefaultValueFactory = _ => "1s" };

    private static readonly Option<bool> Once = new("--once") { Description = "Print one screen and exit (no screen control, no keys)." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("top", "Watch a sandbox server: live sandboxes, queue, runs per second, p50/p95, pools, failures by kind. q quits.")
        {
            Interval,
            Once,
        };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            var interval = Duration.TryParse(parse.GetValue(Interval), out var every, out var error) && every > TimeSpan.Zero && every != Timeout.InfiniteTimeSpan
                ? every
                : throw new SandboxConfigurationException("command line", "--interval", error.Length > 0 ? error : "a positive duration is required (e.g. 1s)");
            using var server = ServerTarget.Resolve(parse, console, canRunInProcess: false)
                ?? throw new RemoteProblemException(ErrorKind.EngineUnavailable, "No sandbox server to watch: start one with 'sandbox serve', or name it with SANDBOX_HOST.");
            if (parse.GetValue(Once))
            {
                foreach (var line in TopView.Render(server.Name, await ReadAsync(server, cancellationToken).ConfigureAwait(false), null, null)) console.Out.WriteLine(line);
                return ExitCodes.Success;
            }

            await WatchAsync(server, console, interval, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task WatchAsync(ServerTarget server, CliConsole console, TimeSpan interval, CancellationToken cancellationToken)
    {
        // The first reading must work: a wrong address or token is an error, not an empty screen.
        var history = new List<ServerSnapshot> { await ReadAsync(server, cancellationToken).ConfigureAwait(false) };
        var keys = !Console.IsInputRedirected;
        console.Out.Write("\u001b[?25l");
        try
        {
            for (var first = true; ; first = false)
            {
                string? problem = null;
                if (!first)
                {
                    try
                    {
                        history.Add(await ReadAsync(server, cancellationToken).ConfigureAwait(false));
                    }
                    catch (SandboxException ex)
                    {
                        // The server restarting or going away is what an operator watches for: say so and keep trying.
                        problem = ex.Message;
                    }
                }

                var now = history[^1];
                history.RemoveAll(s => s.At < now.At - Window && s != now);
                var previous = history.Count > 1 ? history[^2] : null;
                console.Out.Write("\u001b[H\u001b[2J");
                foreach (var line in TopView.Render(server.Name, now, previous, history.Count > 1 ? history[0] : null, problem)) console.Out.WriteLine(line);
                console.Out.Flush();
                if (await QuitRequestedAsync(keys, interval, cancellationToken).ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends the view like q does.
        }
        finally
        {
            console.Out.Write("\u001b[?25h");
            console.Out.Flush();
        }
    }

    // Waits one interval, watching the keyboard when there is one.
    private static async Task<bool> QuitRequestedAsync(bool keys, TimeSpan interval, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.Now + interval;
        while (DateTimeOffset.Now < until)
        {
            while (keys && Console.KeyAvailable)
            {
                if (Console.ReadKey(intercept: true).KeyChar is 'q' or 'Q') return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100, interval.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private static async Task<ServerSnapshot> ReadAsync(ServerTarget server, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var (response, _) = await server.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "metrics"), HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            using var disposing = response;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new RemoteProblemException(ErrorKind.InvalidRequest, $"The sandbox server at {server.Name} refused the token ({(int)response.StatusCode}): set SANDBOX_TOKEN or SANDBOX_TOKEN_FILE.");
            if (!response.IsSuccessStatusCode)
                throw new RemoteProblemException(ErrorKind.EngineError, $"The sandbox server at {server.Name} answered /metrics with {(int)response.StatusCode}; is it a sandbox server?");
            text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RemoteProblemException(ErrorKind.EngineUnavailable, $"The sandbox server at {server.Name} does not answer ({ex.Message}).");
        }

        return ServerSnapshot.From(PrometheusText.Parse(text), DateTimeOffset.Now);
    }
}
