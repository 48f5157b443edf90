using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Abstractions.Rules;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands;

/// <summary>
/// The options that shape a request, shared by <c>run</c> and <c>exec</c>. Values are parsed here (not by the
/// parser) so a bad value becomes a configuration error naming the option, with exit code 125.
/// </summary>
internal sealed class RequestOptions
{
    private const string CommandLine = "command line";

    /// <summary>The variable <c>--registry-user</c>'s password is read from.</summary>
    public const string RegistryPasswordVariable = "SANDBOX_REGISTRY_PASSWORD";

    public Option<string?> Executor { get; } = new("--executor", "-x") { Description = "Executor: host, docker, podman or any plugin (default from config, else docker)." };
    public Option<string?> Image { get; } = new("--image") { Description = "Container image for image-based executors." };
    public Option<string?> Memory { get; } = new("--memory", "-m") { Description = "Memory limit, e.g. 512m (swap is never added), or none." };
    public Option<string?> Cpus { get; } = new("--cpus") { Description = "CPU quota in cores, e.g. 0.5." };
    public Option<string?> Pids { get; } = new("--pids") { Description = "Maximum processes and threads, e.g. 64." };
    public Option<string?> Timeout { get; } = new("--timeout", "-t") { Description = "Wall-clock limit, e.g. 30s, 5min, 00:05:00, or none." };
    public Option<string?> Network { get; } = new("--network") { Description = "none (default), bridge or host." };
    public Option<string[]> AllowHost { get; } = new("--allow-host") { Description = "Allow egress to HOST[:PORT] through the filtering proxy (repeatable; *.domain wildcards; ports 80 and 443 by default)." };
    public Option<string[]> Secret { get; } = new("--secret") { Description = "HOST:HEADER=ENVVAR: the proxy adds HEADER with this process's ENVVAR to requests to HOST (repeatable); the value never enters the sandbox." };
    public Option<string?> TmpfsSize { get; } = new("--tmpfs-size") { Description = "Size of the writable /tmp, e.g. 64m." };
    public Option<string?> OutputLimit { get; } = new("--output-limit") { Description = "Bytes kept per output stream, e.g. 1m." };
    public Option<string[]> Env { get; } = new("--env", "-e") { Description = "Environment variable K=V (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string[]> CopyIn { get; } = new("--copy-in") { Description = "Copy a host file or folder in: HOST:SANDBOXPATH (repeatable)." };
    public Option<string[]> CopyOut { get; } = new("--copy-out") { Description = "Collect a sandbox path after the run (repeatable); see --out." };
    public Option<string?> Out { get; } = new("--out") { Description = "Folder for collected files (default ./sandbox-out)." };
    public Option<string?> Stdin { get; } = new("--stdin") { Description = "Feed a file (or - for this process's stdin) to the command." };
    public Option<string?> Workdir { get; } = new("--workdir", "-w") { Description = "Working directory inside the sandbox (default /workspace)." };
    public Option<bool> NoValidate { get; } = new("--no-validate") { Description = "Skip validators (flagged loudly, SBX0014)." };
    public Option<string?> RegistryUser { get; } = new("--registry-user") { Description = $"Pull a missing image from its registry as this user; the password or token is read from ${RegistryPasswordVariable} (never from the command line)." };
    public Option<bool> AllowWeakerIsolation { get; } = new("--allow-weaker-isolation") { Description = "Run even if the executor cannot enforce every limit (flagged, SBX0016)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Executor, Image, Memory, Cpus, Pids, Timeout, Network, AllowHost, Secret, TmpfsSize, OutputLimit, Env, CopyIn, CopyOut, Out, Stdin, Workdir, NoValidate, AllowWeakerIsolation, RegistryUser })
            command.Add(option);
    }

    /// <summary>Applies the options on top of <paramref name="request"/> (the configured defaults).</summary>
    public async Task<ExecutionRequest> ApplyAsync(ParseResult parse, ExecutionRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        var limits = Limits(parse, request.Limits);
        var network = NetworkMode(parse) ?? request.Network;
        var egress = request.Egress.Merge(Egress(parse));

        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in EnvironmentPairs(parse)) environment[key] = value;

        var files = new List<SandboxFile>(request.Files);
        foreach (var spec in parse.GetValue(CopyIn) ?? []) files.AddRange(await CopyInFiles.ReadAsync(spec, cancellationToken).ConfigureAwait(false));

        return request with
        {
            Image = parse.GetValue(Image) ?? request.Image,
            Limits = limits,
            Network = network,
            Egress = egress,
            Environment = environment,
            Files = files,
            OutputPaths = [.. request.OutputPaths, .. parse.GetValue(CopyOut) ?? []],
            WorkingDirectory = parse.GetValue(Workdir) ?? request.WorkingDirectory,
            StandardInput = await ReadStdinAsync(parse.GetValue(Stdin), console, cancellationToken).ConfigureAwait(false) ?? request.StandardInput,
            AllowWeakerIsolation = parse.GetValue(AllowWeakerIsolation) || request.AllowWeakerIsolation,
            RegistryAuth = RegistryAuth(parse) ?? request.RegistryAuth,
        };
    }

    /// <summary>
    /// Parses every option value as <see cref="ApplyAsync"/> does, throwing the same error for a bad one: a request sent
    /// to a server is checked here first, so a typo fails the same way (and names the option) wherever it runs.
    /// </summary>
    public void Check(ParseResult parse)
    {
        _ = Limits(parse, new ResourceLimits());
        _ = NetworkMode(parse);
        _ = Egress(parse);
    }

    private ResourceLimits Limits(ParseResult parse, ResourceLimits limits)
    {
        if (parse.GetValue(Memory) is { } memory) limits = limits with { MemoryBytes = OptionalSize("--memory", memory) };
        if (parse.GetValue(Cpus) is { } cpus) limits = limits with { Cpus = PositiveNumber("--cpus", cpus) };
        if (parse.GetValue(Pids) is { } pids) limits = limits with { Pids = (int)PositiveNumber("--pids", pids, integer: true) };
        if (parse.GetValue(Timeout) is { } timeout) limits = limits with { Timeout = Time("--timeout", timeout) };
        if (parse.GetValue(TmpfsSize) is { } tmpfs) limits = limits with { TmpfsBytes = Size("--tmpfs-size", tmpfs) };
        if (parse.GetValue(OutputLimit) is { } output) limits = limits with { OutputBytes = Size("--output-limit", output) };
        return limits;
    }

    private NetworkPolicy? NetworkMode(ParseResult parse) =>
        parse.GetValue(Network) is not { } net ? null
        : JsonEnumNames.TryParse<NetworkPolicy>(net, out var parsed) ? parsed
        : throw new SandboxConfigurationException(CommandLine, "--network", JsonKindWords.NotOneOf(net, JsonEnumNames.Of<NetworkPolicy>()));

    private EgressPolicy Egress(ParseResult parse) => EgressPolicy.Parse(parse.GetValue(AllowHost), parse.GetValue(Secret), "--allow-host", "--secret");

    /// <summary>
    /// <c>--registry-user</c> with the password from <see cref="RegistryPasswordVariable"/>: a password on the command
    /// line would be visible to every user of the machine (ps) and kept in shell histories.
    /// </summary>
    public RegistryCredential? RegistryAuth(ParseResult parse)
    {
        if (parse.GetValue(RegistryUser) is not { } user) return null;
        var password = Environment.GetEnvironmentVariable(RegistryPasswordVariable);
        return string.IsNullOrEmpty(password)
            ? throw new SandboxConfigurationException(CommandLine, "--registry-user", $"set {RegistryPasswordVariable} to the password or token of '{user}'")
            : new RegistryCredential(user, password);
    }

    /// <summary>The <c>--env K=V</c> pairs.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentPairs(ParseResult parse)
    {
        foreach (var pair in parse.GetValue(Env) ?? [])
        {
            var separator = pair.IndexOf('=');
            if (separator <= 0) throw new SandboxConfigurationException(CommandLine, "--env", $"'{pair}' is not K=V");
            yield return new(pair[..separator], pair[(separator + 1)..]);
        }
    }

    /// <summary>Reads <c>--stdin</c>: a file, or <c>-</c> for this process's stdin; <c>null</c> when not given.</summary>
    internal static async Task<ReadOnlyMemory<byte>?> ReadStdinAsync(string? source, CliConsole console, CancellationToken cancellationToken)
    {
        if (source is null) return null;
        if (source == "-") return await console.ReadStandardInputAsync(cancellationToken).ConfigureAwait(false);

        return File.Exists(source)
            ? await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false)
            : throw new SandboxConfigurationException(CommandLine, "--stdin", $"file '{source}' does not exist");
    }

    private static long Size(string option, string text) =>
        ByteSize.TryParse(text, out var bytes, out var error) ? bytes : throw new SandboxConfigurationException(CommandLine, option, error);

    // A limit the user may remove: "none" (the one limit grammar) is no limit, as in sandbox.json; flagged SBX0005.
    private static long? OptionalSize(string option, string text) =>
        LimitSyntax.TryParseSize(text, out var bytes, out var error) ? bytes : throw new SandboxConfigurationException(CommandLine, option, error);

    private static TimeSpan Time(string option, string text) =>
        Duration.TryParse(text, out var duration, out var error) ? duration : throw new SandboxConfigurationException(CommandLine, option, error);

    internal static double PositiveNumber(string option, string text, bool integer = false)
    {
        var ok = double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value);
        if (!ok || value <= 0 || (integer && value != Math.Floor(value)) || value > int.MaxValue)
            throw new SandboxConfigurationException(CommandLine, option, $"'{text}' must be a positive {(integer ? "whole number" : "number")}");
        return value;
    }
}
