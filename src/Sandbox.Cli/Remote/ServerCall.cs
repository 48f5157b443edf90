using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Core.Results;
using Sandbox.Toolkit.Json;

namespace Sandbox.Cli.Remote;

/// <summary>
/// One call to the sandbox server, shared by every remote command: the body goes out as JSON with the CLI's settings,
/// output arrives as server-sent events where asked for, and the answer is the document the command prints. A problem
/// that carries a document (a rejected run) is that document; any other problem is the framework error it names, so a
/// remote failure is reported exactly as a local one.
/// </summary>
internal static class ServerCall
{
    /// <summary>Sends <paramref name="body"/> (if any) and reads the answer's document (<see cref="SendAsync"/>).</summary>
    public static async Task<T> CallAsync<T>(ServerTarget server, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        RunStream? stream = null) =>
        Read<T>(await SendPreparedAsync<T>(server, method, path, body, cancellationToken, stream).ConfigureAwait(false));

    /// <summary>Sends <paramref name="body"/> (if any) and reads the answer's document, which holds its run (<see cref="ReadWrapped"/>).</summary>
    public static async Task<T> CallWrappedAsync<T>(ServerTarget server, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        RunStream? stream = null) =>
        ReadWrapped<T>(await SendPreparedAsync<T>(server, method, path, body, cancellationToken, stream).ConfigureAwait(false));

    /// <summary>
    /// Sends <paramref name="body"/> (if any) and returns the document of the answer, as JSON text; with
    /// <paramref name="stream"/>, the answer comes as events, handed to it as they arrive.
    /// </summary>
    private static async Task<string> SendAsync(ServerTarget server, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        RunStream? stream = null)
    {
        // The call's span (when something listens: OTLP export) is the parent the server's spans continue from.
        using var span = SandboxTelemetry.Source.StartActivity(SandboxTelemetry.RemoteCallSpan, ActivityKind.Client)?
            .SetTag("http.request.method", method.Method).SetTag("url.path", "/" + path.Split('?')[0]).SetTag("server.address", server.Name);
        using var response = await SendRawAsync(server, method, path, body, stream, cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var text = mediaType == "text/event-stream"
            ? await ReadEventsAsync(response, stream, cancellationToken).ConfigureAwait(false)
            : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Document(text, mediaType == "application/problem+json");
    }

    /// <summary>
    /// Sends the request (asking for events when <paramref name="stream"/> is given) and returns the response once its
    /// headers arrived; a problem is thrown as its error.
    /// </summary>
    public static async Task<HttpResponseMessage> SendRawAsync(ServerTarget server, HttpMethod method, string path, object? body, RunStream? stream, CancellationToken cancellationToken)
    {
        // Serialized once for every host it may go to, and synchronously: the asynchronous writer JsonContent uses is
        // more code to compile in a process that sends one body.
        var json = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, CliJson.Options.GetTypeInfo(body.GetType()));
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null) request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
            if (stream is not null) request.Headers.Accept.ParseAdd("text/event-stream");
            if (stream is { WantsTrace: true }) request.Headers.Add(Sandbox.Server.Runs.ServerSentEvents.TraceHeader, "true");
            return request;
        }

        // A host that cannot be reached is skipped by the target (SANDBOX_HOSTS); one that took the request and then
        // went away leaves its outcome unknown.
        HttpResponseMessage response;
        try
        {
            (response, _) = await server.SendAsync(Request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteProblemException(ErrorKind.EngineUnavailable, $"The sandbox server at {server.Name} stopped answering ({ex.Message}): the outcome is unknown; try again, or pass --no-server.");
        }

        return response;
    }

    /// <summary>Throws the framework error a problem document names; returns the document text otherwise.</summary>
    public static async Task<HttpResponseMessage> EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return response;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        response.Dispose();
        Document(text, problem: true);
        return response;
    }

    // The first read of a document type builds its JSON metadata, about 30 ms of a CLI process's critical path
    // (JsonContracts): built on another core instead, while the server works on the request.
    private static async Task<string> SendPreparedAsync<T>(ServerTarget server, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        RunStream? stream)
    {
        var reading = Task.Run(() => PrepareToRead(typeof(T)), CancellationToken.None);
        var json = await SendAsync(server, method, path, body, cancellationToken, stream).ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        return json;
    }

    /// <summary>Builds the metadata of <paramref name="type"/> and of every type its documents hold; returns those types.</summary>
    internal static IReadOnlySet<Type> PrepareToRead(Type type) => JsonContracts.Prepare(CliJson.Options, type);

    /// <summary>Reads a JSON document with the CLI's settings.</summary>
    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize(json, CliJson.TypeInfo<T>()) ?? throw new RemoteProblemException(ErrorKind.EngineError, "The sandbox server answered with an empty document.");

    /// <summary>
    /// Reads a document that holds its run under <c>execution</c> (exec, session test and build). A stream reports a
    /// framework error as a plain run document instead (nothing of the kind ran): that is thrown as the error a local
    /// call throws.
    /// </summary>
    public static T ReadWrapped<T>(string json)
    {
        using (var document = JsonDocument.Parse(json))
        {
            if (!document.RootElement.TryGetProperty("execution", out _))
            {
                var failed = Read<ResultJson.ResultDocument>(json);
                throw new RemoteProblemException(failed.Error?.Kind ?? ErrorKind.EngineError, failed.Error?.Message ?? "the server returned no result");
            }
        }

        return Read<T>(json);
    }

    private static string Document(string json, bool problem)
    {
        if (!problem) return json;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object) return result.GetRawText();
        var kind = root.TryGetProperty("kind", out var named) && Enum.TryParse<ErrorKind>(named.GetString(), ignoreCase: true, out var parsed) ? parsed : ErrorKind.Configuration;
        var detail = root.TryGetProperty("detail", out var text) ? text.GetString() : null;
        throw new RemoteProblemException(kind, detail ?? "the server refused the request");
    }

    private static async Task<string> ReadEventsAsync(HttpResponseMessage response, RunStream? stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line["data: ".Length..]);
            else if (line.Length == 0 && name is not null)
            {
                var text = string.Join('\n', data);
                if (name == "result") return text;
                stream?.Receive(name, text);
                (name, data) = (null, []);
            }
        }

        throw new RemoteProblemException(ErrorKind.EngineError, "The sandbox server closed the stream before the result; see its log.");
    }
}
