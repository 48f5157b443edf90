using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Server.Contracts;
using Sandbox.Telemetry;

namespace Sandbox.Server.Runs;

/// <summary>
/// Streams a run as server-sent events: <c>stdout</c> and <c>stderr</c> events (data = the line) as the command writes
/// them, <c>log</c> events for what the run logs that an in-process CLI would print (<see cref="RequestLogRelay"/>),
/// then, when the request carries <see cref="TraceHeader"/>, one <c>trace</c> event with the run's span tree, then one
/// <c>result</c> event with the document <c>--json</c> prints, then the stream ends.
/// </summary>
internal static class ServerSentEvents
{
    /// <summary>The request header that asks for the run's span tree (what <c>sandbox run --trace</c> prints).</summary>
    public const string TraceHeader = "Sandbox-Trace";

    /// <summary>Runs <paramref name="run"/>, forwarding its output; <paramref name="failure"/> renders a framework error as the result.</summary>
    public static async Task StreamAsync<T>(HttpContext context, Func<Action<OutputLine>, Task<T>> run, Func<T, string> render, Func<Exception, string> failure)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(aborted).ConfigureAwait(false);
        // The headers go out now, not with the first event: a client learns at once that its run was taken.
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);

        var events = Channel.CreateUnbounded<(string Name, string Data)>(new UnboundedChannelOptions { SingleReader = true });
        // The run's spans share the request's trace (the caller's traceparent, when it sent one); without one, a trace of
        // its own is begun here, so the tree holds this run's spans and no other request's.
        var traced = context.Request.Headers.ContainsKey(TraceHeader);
        using var trace = traced && Activity.Current is null ? new Activity("sandbox.request").SetIdFormat(ActivityIdFormat.W3C).Start() : null;
        using var spans = traced ? new SpanTree(Activity.Current!.TraceId) : null;
        using var relay = RequestLogRelay.Start((level, category, message) => events.Writer.TryWrite(("log", LogEvent(level, category, message))));
        var running = Task.Run(() => run(line => events.Writer.TryWrite((line.Stream == OutputStream.Stdout ? "stdout" : "stderr", line.Text))), CancellationToken.None);
        _ = running.ContinueWith(_ => events.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            await foreach (var (name, data) in events.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
                await WriteEventAsync(response, name, data, aborted).ConfigureAwait(false);

            string result;
            try
            {
                result = render(await running.ConfigureAwait(false));
            }
            catch (Exception ex) when (!aborted.IsCancellationRequested)
            {
                result = failure(ex);
            }

            if (spans is not null) await WriteEventAsync(response, "trace", spans.Render(), aborted).ConfigureAwait(false);
            await WriteEventAsync(response, "result", result, aborted).ConfigureAwait(false);
        }
        finally
        {
            // The run was cancelled with the request; wait until its sandbox is gone before the request ends.
            await ((Task)running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Writes one event and flushes it.</summary>
    internal static async Task WriteEventAsync(HttpResponse response, string name, string data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append("event: ").Append(name).Append('\n');
        // A data line ends at CR or LF: a multi-line payload becomes several data lines, which the client joins with LF.
        foreach (var line in data.Split('\n')) text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        text.Append('\n');
        await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string LogEvent(LogLevel level, string category, string message) =>
        JsonSerializer.Serialize(new LogEventDocument(level.ToString().ToLowerInvariant(), category, message), ServerJson.Context.LogEventDocument);
}
