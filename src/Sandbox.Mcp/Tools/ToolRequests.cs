using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Harness;

namespace Sandbox.Mcp.Tools;

/// <summary>
/// Turns tool arguments into requests. Every request starts from <c>sandbox.json</c>'s defaults (so its limits,
/// security and policy apply); arguments can only choose the image (checked by the policy validator), the code or
/// command, and a timeout within the server's ceiling. Output is capped at the lower of the configured limit and the
/// server's.
/// </summary>
internal sealed class ToolRequests(SandboxRuntime runtime, SandboxMcpOptions options)
{
    // run_code's languages and the bundled harness template each runs through (see `sandbox templates`).
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["python"] = "python-script",
        ["node"] = "node-handler",
        ["bash"] = "bash-script",
    };

    /// <summary>The executor tools run on (<c>null</c>: the configured default).</summary>
    public string? Executor => options.Executor;

    /// <summary>A one-shot command.</summary>
    public ExecutionRequest Command(IReadOnlyList<string> command, string? image, string? stdin, int? timeoutSeconds) =>
        Base(image, timeoutSeconds) with
        {
            Command = CheckCommand(command),
            StandardInput = stdin is null ? null : System.Text.Encoding.UTF8.GetBytes(stdin),
        };

    /// <summary>Code through the harness template of <paramref name="language"/>.</summary>
    public HarnessRequest Code(string language, string code, JsonElement? input, int? timeoutSeconds)
    {
        if (!Templates.TryGetValue(language ?? "", out var name))
            throw new ToolRejectedException($"language must be one of {string.Join(", ", Templates.Keys)}; got '{language}'.");
        if (input is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            throw new ToolRejectedException($"input must be a JSON object (or left out); got a JSON {input.Value.ValueKind.ToString().ToLowerInvariant()}.");
        var template = runtime.Templates.Get(name);
        var request = Base(null, timeoutSeconds);
        // The template knows its runtime's image; the configured default image is for commands.
        if (template.DefaultImage is not null) request = request with { Image = null };
        return new HarnessRequest
        {
            Template = name,
            Code = code ?? "",
            InputJson = input is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : "{}",
            MaxOutputBytes = OutputBytes,
            Base = request,
        };
    }

    /// <summary>A session's spec: the defaults, an image, the initial files.</summary>
    public ExecutionRequest Session(string? image, IReadOnlyDictionary<string, string>? files) =>
        Base(image, null) with { Files = [.. (files ?? new Dictionary<string, string>()).Select(f => SandboxFile.FromText(f.Key, f.Value))] };

    /// <summary>The timeout a call asked for, within the ceiling; <c>null</c> keeps the session's or request's default.</summary>
    public TimeSpan? Timeout(int? seconds)
    {
        if (seconds is not { } value) return null;
        // The policy validator's timeout ceiling (sandbox.json) applies on top of this one, to every request.
        if (value < 1 || value > options.MaxTimeout.TotalSeconds)
            throw new ToolRejectedException($"timeout_seconds must be between 1 and {(int)options.MaxTimeout.TotalSeconds} (the server's ceiling); got {value}.");
        return TimeSpan.FromSeconds(value);
    }

    /// <summary>Bytes of output kept per stream.</summary>
    public long OutputBytes => Math.Min(runtime.Config.Defaults.Limits.OutputBytes, options.MaxOutputBytes);

    /// <summary>Checks an argv argument.</summary>
    public static IReadOnlyList<string> CheckCommand(IReadOnlyList<string>? command) =>
        command is { Count: > 0 } && !string.IsNullOrEmpty(command[0])
            ? command
            : throw new ToolRejectedException("command must be a non-empty array of strings, program first, e.g. [\"python3\", \"-c\", \"print(1)\"].");

    private ExecutionRequest Base(string? image, int? timeoutSeconds)
    {
        var defaults = runtime.Config.Defaults;
        var limits = defaults.Limits with { OutputBytes = OutputBytes };
        // A configured "no timeout" never reaches a model's sandbox: the server's ceiling applies instead.
        limits = limits with { Timeout = Timeout(timeoutSeconds) ?? (limits.HasTimeout ? Min(limits.Timeout!.Value, options.MaxTimeout) : options.MaxTimeout) };
        return defaults with { Image = string.IsNullOrWhiteSpace(image) ? defaults.Image : image, Limits = limits, Id = null };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
