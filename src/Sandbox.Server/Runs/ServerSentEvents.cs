using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Sandbox.Abstractions;

namespace Sandbox.Server.Runs;

/// <summary>
/// Streams a run as server-sent events: <c>stdout</c> and <c>stderr</c> events (data = the line) as the command writes
/// them, then one <c>result</c> event with the document <c>--json</c> prints, then the stream ends.
/// </summary>
internal static class ServerSentEvents
{
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

        var lines = Channel.CreateUnbounded<OutputLine>(new UnboundedChannelOptions { SingleReader = true });
        var running = Task.Run(() => run(line => lines.Writer.TryWrite(line)), CancellationToken.None);
        _ = running.ContinueWith(_ => lines.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
                await WriteEventAsync(response, line.Stream == OutputStream.Stdout ? "stdout" : "stderr", line.Text, aborted).ConfigureAwait(false);

            string result;
            try
            {
                result = render(await running.ConfigureAwait(false));
            }
            catch (Exception ex) when (!aborted.IsCancellationRequested)
            {
                result = failure(ex);
            }

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
}
