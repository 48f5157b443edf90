using System.CommandLine;
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
        RunStream stream, CliConsole console, CancellationToken cancellationToken)
    {
        var body = await BodyAsync<RunBody>(parse, options, console, cancellationToken).ConfigureAwait(false);
        body.Command = [.. command];
        return ResultJson.FromDocument(await ServerCall.CallAsync<ResultJson.ResultDocument>(server, HttpMethod.Post, "v1/runs", body, cancellationToken, stream).ConfigureAwait(false));
    }

    /// <summary>The run options of a request body (run, exec, session), read and checked as a local run applies them.</summary>
    public static async Task<T> BodyAsync<T>(ParseResult parse, RequestOptions options, CliConsole console, CancellationToken cancellationToken)
        where T : RequestBody, new()
    {
        options.Check(parse);
        var files = new List<FileBody>();
        foreach (var spec in parse.GetValue(options.CopyIn) ?? [])
        {
            foreach (var file in await CopyInFiles.ReadAsync(spec, cancellationToken).ConfigureAwait(false))
                files.Add(new FileBody { Path = file.Path, ContentBase64 = Convert.ToBase64String(file.Content.Span), Mode = file.Mode });
        }

        var stdin = await RequestOptions.ReadStdinAsync(parse.GetValue(options.Stdin), console, cancellationToken).ConfigureAwait(false);
        return new T
        {
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
            Network = parse.GetValue(options.AllowHost) is { Length: > 0 } || parse.GetValue(options.Secret) is { Length: > 0 }
                ? new NetworkBody { Allow = [.. parse.GetValue(options.AllowHost) ?? []], Secrets = [.. parse.GetValue(options.Secret) ?? []] }
                : parse.GetValue(options.Network) is { } mode ? new NetworkBody { Mode = mode } : null,
            AllowWeakerIsolation = parse.GetValue(options.AllowWeakerIsolation),
            RegistryAuth = options.RegistryAuth(parse) is { } auth ? new RegistryAuthBody { Username = auth.Username, Password = auth.Password } : null,
            Validate = !parse.GetValue(options.NoValidate),
        };
    }
}
