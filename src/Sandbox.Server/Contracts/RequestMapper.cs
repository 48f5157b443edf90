using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Contracts;

/// <summary>
/// Turns request bodies into <see cref="ExecutionRequest"/>s on top of the configured defaults, with the CLI's value
/// grammar (<see cref="ByteSize"/>, <see cref="Duration"/>), and holds them to the tenant's ceilings. Every error names
/// the member: <c>limits.memory: '2gb!' is not a size</c>.
/// </summary>
internal static class RequestMapper
{
    /// <summary>Applies <paramref name="body"/> on top of <paramref name="defaults"/>.</summary>
    /// <exception cref="InvalidRequestException">A member is malformed.</exception>
    /// <exception cref="QuotaCeilingException">It asks for more than <paramref name="quota"/> allows.</exception>
    public static ExecutionRequest Apply(RequestBody body, ExecutionRequest defaults, TenantQuota quota)
    {
        var limits = defaults.Limits;
        if (body.Limits is { } l)
        {
            if (l.Memory is { } memory) limits = limits with { MemoryBytes = Size("limits.memory", memory) };
            if (l.Cpus is { } cpus) limits = limits with { Cpus = cpus > 0 ? cpus : throw new InvalidRequestException("limits.cpus", "must be a positive number") };
            if (l.Pids is { } pids) limits = limits with { Pids = pids > 0 ? pids : throw new InvalidRequestException("limits.pids", "must be a positive whole number") };
            if (l.Timeout is { } timeout) limits = limits with { Timeout = Time("limits.timeout", timeout) };
            if (l.TmpfsSize is { } tmpfs) limits = limits with { TmpfsBytes = Size("limits.tmpfsSize", tmpfs) };
            if (l.OutputLimit is { } output) limits = limits with { OutputBytes = Size("limits.outputLimit", output) };
        }

        limits = Ceilings(limits, quota, body.Limits?.Timeout is null ? null : "limits.timeout", body.Limits?.Memory is null ? null : "limits.memory");
        var network = body.Network?.Mode is { } net
            ? JsonEnumNames.TryParse<NetworkPolicy>(net, out var parsed)
                ? parsed
                : throw new InvalidRequestException("network", JsonKindWords.NotOneOf(net, JsonEnumNames.Of<NetworkPolicy>()))
            : defaults.Network;
        // A secret names a variable of the server's own environment: a caller choosing one could send any of them to a
        // host of its choosing, so secrets come from the server's sandbox.json only.
        if (body.Network?.Secrets is { Count: > 0 })
            throw new InvalidRequestException("network.secrets", "secrets are configured in the server's sandbox.json, not sent in requests");
        var egress = defaults.Egress.Merge(EgressPolicy.Parse(body.Network?.Allow, null));
        var environment = new Dictionary<string, string>(defaults.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in body.Env ?? []) environment[key] = value;

        return defaults with
        {
            Image = body.Image ?? defaults.Image,
            Limits = limits,
            Network = network,
            Egress = egress,
            Environment = environment,
            Files = [.. defaults.Files, .. (body.Files ?? []).Select((f, i) => File($"files[{i}]", f))],
            OutputPaths = [.. defaults.OutputPaths, .. body.OutputPaths ?? []],
            WorkingDirectory = body.WorkingDirectory ?? defaults.WorkingDirectory,
            StandardInput = Stdin(body.Stdin, body.StdinBase64) ?? defaults.StandardInput,
            AllowWeakerIsolation = body.AllowWeakerIsolation || defaults.AllowWeakerIsolation,
            RegistryAuth = body.RegistryAuth is { } auth ? new RegistryCredential(auth.Username ?? "", auth.Password ?? "") : defaults.RegistryAuth,
        };
    }

    /// <summary>A file of a body: text or base64 content.</summary>
    public static SandboxFile File(string member, FileBody file)
    {
        if (string.IsNullOrEmpty(file.Path)) throw new InvalidRequestException($"{member}.path", "is required");
        if ((file.Content is null) == (file.ContentBase64 is null)) throw new InvalidRequestException(member, "needs exactly one of content and contentBase64");
        if (file.Mode is { } mode) RequestGuard.ValidateMode(mode, $"{member}.mode");
        var content = file.Content is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : Base64($"{member}.contentBase64", file.ContentBase64!);
        return new SandboxFile(file.Path, content, file.Mode ?? SandboxFile.DefaultMode);
    }

    /// <summary>Standard input from text or base64; <c>null</c> when neither is given.</summary>
    public static ReadOnlyMemory<byte>? Stdin(string? text, string? base64) => (text, base64) switch
    {
        (not null, not null) => throw new InvalidRequestException("stdin", "give stdin or stdinBase64, not both"),
        (not null, null) => System.Text.Encoding.UTF8.GetBytes(text),
        (null, not null) => Base64("stdinBase64", base64),
        _ => null,
    };

    /// <summary>A size member in the CLI's grammar.</summary>
    public static long Size(string member, string text) =>
        ByteSize.TryParse(text, out var bytes, out var error) ? bytes : throw new InvalidRequestException(member, error);

    /// <summary>A duration member in the CLI's grammar.</summary>
    public static TimeSpan Time(string member, string text) =>
        Duration.TryParse(text, out var duration, out var error) ? duration : throw new InvalidRequestException(member, error);

    /// <summary>
    /// <paramref name="limits"/> within <paramref name="quota"/>'s ceilings: a value the caller asked for above one is
    /// refused, a configured default above it is lowered to it.
    /// </summary>
    /// <param name="limits">The request's limits.</param>
    /// <param name="quota">The caller's tenant quota.</param>
    /// <param name="timeoutMember">The member through which the caller asked for the timeout (named in the error); <c>null</c>: it did not.</param>
    /// <param name="memoryMember">Likewise for the memory limit.</param>
    /// <exception cref="QuotaCeilingException">The caller asked for more than a ceiling.</exception>
    internal static ResourceLimits Ceilings(ResourceLimits limits, TenantQuota quota, string? timeoutMember, string? memoryMember)
    {
        if (quota.MaxTimeout is { } maxTimeout && (!limits.HasTimeout || limits.Timeout > maxTimeout))
        {
            if (timeoutMember is not null)
                throw new QuotaCeilingException(timeoutMember, $"{Duration.Format(limits.HasTimeout ? limits.Timeout : null)} is above this tenant's maxTimeout of {Duration.Format(maxTimeout)}");
            limits = limits with { Timeout = maxTimeout };
        }

        if (quota.MaxMemoryBytes is { } maxMemory && (limits.MemoryBytes is null || limits.MemoryBytes > maxMemory))
        {
            if (memoryMember is not null)
                throw new QuotaCeilingException(memoryMember, $"{(limits.MemoryBytes is { } m ? ByteSize.Format(m) : "no limit")} is above this tenant's maxMemory of {ByteSize.Format(maxMemory)}");
            limits = limits with { MemoryBytes = maxMemory };
        }

        return limits;
    }

    private static byte[] Base64(string member, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidRequestException(member, "is not valid base64");
        }
    }
}
