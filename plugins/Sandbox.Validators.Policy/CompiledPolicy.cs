using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Validators.Policy;

/// <summary><see cref="PolicyValidatorSettings"/> checked and prepared for matching.</summary>
internal sealed class CompiledPolicy
{
    // SBX settings with a dedicated knob, or that no policy may accept.
    private static readonly Dictionary<string, string> NotPermittable = new(StringComparer.OrdinalIgnoreCase)
    {
        [SandboxRules.PrivilegedId] = "privileged mode is never allowed",
        [SandboxRules.WritableHostMountId] = "host mounts are always read-only",
        [SandboxRules.EngineSocketMountedId] = "the engine socket is never allowed",
        [SandboxRules.NetworkEnabledId] = "use allowNetwork",
        [SandboxRules.HostNetworkId] = "use allowNetwork",
        [SandboxRules.RunsAsRootId] = "use allowRoot",
        [SandboxRules.CapabilityAddedId] = "use allowCapabilities",
        [SandboxRules.DangerousCapabilityAddedId] = "use allowCapabilities",
    };

    /// <summary>Compiles <paramref name="settings"/>.</summary>
    /// <exception cref="PluginSettingsException">A setting is malformed; the problem lists every one, each with its member.</exception>
    public CompiledPolicy(PolicyValidatorSettings settings)
    {
        var problems = new List<JsonProblem>();
        Ceilings = settings.Ceilings ?? new CeilingSettings();
        if (Ceilings.Cpus is { } cpus && !(cpus > 0 && double.IsFinite(cpus))) problems.Add(new JsonProblem("ceilings.cpus", $"must be a positive number, got {cpus.ToString(CultureInfo.InvariantCulture)}"));
        if (Ceilings.Pids is <= 0) problems.Add(new JsonProblem("ceilings.pids", $"must be a positive whole number, got {Ceilings.Pids}"));
        if (Ceilings.OpenFiles is <= 0) problems.Add(new JsonProblem("ceilings.openFiles", $"must be a positive whole number, got {Ceilings.OpenFiles}"));

        if (JsonEnumNames.TryParse<NetworkPolicy>(settings.AllowNetwork, out var network))
            MaxNetwork = network;
        else
            problems.Add(new JsonProblem("allowNetwork", JsonKindWords.NotOneOf(settings.AllowNetwork, JsonEnumNames.Of<NetworkPolicy>())));

        foreach (var pattern in settings.AllowImages ?? [])
        {
            if (string.IsNullOrWhiteSpace(pattern)) problems.Add(new JsonProblem("allowImages", "patterns may not be empty"));
        }

        Images = settings.AllowImages?.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new ImagePattern(p.Trim())).ToList();
        var roots = new List<string>();
        foreach (var root in settings.AllowMounts ?? [])
        {
            if (HostPaths.Canonical(root ?? "") is { } canonical) roots.Add(canonical);
            else problems.Add(new JsonProblem("allowMounts", $"'{root}' must be an absolute host path"));
        }

        MountRoots = roots;
        Capabilities = new HashSet<string>((settings.AllowCapabilities ?? []).Select(NormalizeCapability), StringComparer.Ordinal);
        if (Capabilities.Contains("")) problems.Add(new JsonProblem("allowCapabilities", "names may not be empty"));
        AllowRoot = settings.AllowRoot;
        Executors = settings.AllowExecutors is null ? null : new HashSet<string>(settings.AllowExecutors, StringComparer.OrdinalIgnoreCase);
        foreach (var id in settings.Permit ?? [])
        {
            var rule = SandboxRules.All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
            if (rule is null || rule.Category != SandboxRules.Security) problems.Add(new JsonProblem("permit", $"'{id}' is not an SBX security rule id"));
            else if (NotPermittable.TryGetValue(rule.Id, out var why)) problems.Add(new JsonProblem("permit", $"{rule.Id} ({rule.Title}) cannot be permitted: {why}"));
            else Permitted.Add(rule.Id);
        }

        if (problems.Count > 0) throw new PluginSettingsException(problems);
    }

    /// <summary>The limit ceilings.</summary>
    public CeilingSettings Ceilings { get; }

    /// <summary>Allowed image patterns; <c>null</c> allows any image.</summary>
    public IReadOnlyList<ImagePattern>? Images { get; }

    /// <summary>Canonical host paths that may be mounted read-only (with everything below them).</summary>
    public IReadOnlyList<string> MountRoots { get; }

    /// <summary>The most network access allowed.</summary>
    public NetworkPolicy MaxNetwork { get; }

    /// <summary>Capabilities that may be added, normalized (upper case, no <c>CAP_</c>).</summary>
    public HashSet<string> Capabilities { get; }

    /// <summary>Whether root is allowed.</summary>
    public bool AllowRoot { get; }

    /// <summary>Allowed executors; <c>null</c> allows any.</summary>
    public HashSet<string>? Executors { get; }

    /// <summary>SBX ids the policy accepts.</summary>
    public HashSet<string> Permitted { get; } = new(StringComparer.Ordinal);

    /// <summary>Upper case, without the <c>CAP_</c> prefix.</summary>
    public static string NormalizeCapability(string? capability)
    {
        var upper = (capability ?? "").Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }
}
