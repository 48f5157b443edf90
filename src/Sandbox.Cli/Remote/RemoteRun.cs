using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Cli.Commands;
using Sandbox.Core.Results;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Remote;

/// <summary>
/// <c>sandbox run</c> through a server: the same options become the body of <c>POST /v1/runs</c> (local files and stdin
/// travel inline), output streams back as server-sent events, and the result document becomes the same
/// <see cref="ExecutionResult"/> a local run returns, so printing, collected files and exit codes are the same code.
/// </summary>
internal static class RemoteRun
{
    public static async Task<ExecutionResult> RunAsync(ServerTarget server, ParseResult parse, RequestOptions options, IReadOnlyList<string> command,
        Action<OutputLine>? onOutput, CliConsole console, CancellationToken cancellationToken)
    {
        var body = await BodyAsync(parse, options, command, console, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/runs") { Content = JsonContent.Create(body, options: ResultJson.SerializerOptions) };
        if (onOutput is not null) request.Headers.Accept.ParseAdd("text/event-stream");
        try
        {
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
                ? await ReadEventsAsync(response, onOutput, cancellationToken).ConfigureAwait(false)
                : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Interpret(json, response.Content.Headers.ContentType?.MediaType == "application/problem+json");
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteProblemException(ErrorKind.EngineUnavailable, $"The sandbox server at {server.Name} does not answer ({ex.Message}): start it with 'sandbox serve', or pass --no-server.");
        }
    }

    private static async Task<RunBody> BodyAsync(ParseResult parse, RequestOptions options, IReadOnlyList<string> command, CliConsole console, CancellationToken cancellationToken)
    {
        var files = new List<FileBody>();
        foreach (var spec in parse.GetValue(options.CopyIn) ?? [])
        {
            foreach (var file in await CopyInFiles.ReadAsync(spec, cancellationToken).ConfigureAwait(false))
                files.Add(new FileBody { Path = file.Path, ContentBase64 = Convert.ToBase64String(file.Content.Span), Mode = file.Mode });
        }

        var stdin = await RequestOptions.ReadStdinAsync(parse.GetValue(options.Stdin), console, cancellationToken).ConfigureAwait(false);
        return new RunBody
        {
            Command = [.. command],
            Image = parse.GetValue(options.Image),
            Executor = parse.GetValue(options.Executor),
            Env = options.EnvironmentPairs(parse).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StdinBase64 = stdin is { } bytes ? Convert.ToBase64String(bytes.Span) : null,
            Files = files,
            OutputPaths = [.. parse.GetValue(options.CopyOut) ?? []],
            WorkingDirectory = parse.GetValue(options.Workdir),
            Limits = new LimitsBody
            {
                Memory = parse.GetValue(options.Memory),
                Cpus = parse.GetValue(options.Cpus) is { } cpus ? RequestOptions.PositiveNumber("--cpus", cpus) : null,
                Pids = parse.GetValue(options.Pids) is { } pids ? (int)RequestOptions.PositiveNumber("--pids", pids, integer: true) : null,
                Timeout = parse.GetValue(options.Timeout),
                OutputLimit = parse.GetValue(options.OutputLimit),
                TmpfsSize = parse.GetValue(options.TmpfsSize),
            },
            Network = parse.GetValue(options.Network),
            AllowWeakerIsolation = parse.GetValue(options.AllowWeakerIsolation),
            Validate = !parse.GetValue(options.NoValidate),
        };
    }

    // A result document, or a problem: one that carries the run's document (a rejected run) is that result; any other is
    // the framework error it names, reported like a local one.
    private static ExecutionResult Interpret(string json, bool problem)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (problem && !root.TryGetProperty("result", out _))
        {
            var kind = Enum.TryParse<ErrorKind>(root.GetProperty("kind").GetString(), ignoreCase: true, out var parsed) ? parsed : ErrorKind.Configuration;
            throw new RemoteProblemException(kind, root.GetProperty("detail").GetString() ?? "the server refused the request");
        }

        var result = problem ? root.GetProperty("result") : root;
        return ResultJson.FromDocument(result.Deserialize<ResultJson.ResultDocument>(ResultJson.SerializerOptions)!);
    }

    private static async Task<string> ReadEventsAsync(HttpResponseMessage response, Action<OutputLine>? onOutput, CancellationToken cancellationToken)
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
                onOutput?.Invoke(new OutputLine(name == "stdout" ? OutputStream.Stdout : OutputStream.Stderr, text));
                (name, data) = (null, []);
            }
        }

        throw new RemoteProblemException(ErrorKind.EngineError, "The sandbox server closed the stream before the result; see its log.");
    }
}
