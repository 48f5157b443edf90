using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.Json;

/// <summary>One unsafe setting found in <c>sandbox.json</c>: the rule, where it is, and the setting's path for the message.</summary>
internal readonly struct ConfigFinding
{
    public ConfigFinding(DiagnosticDescriptor rule, TextSpan span, string setting)
    {
        Rule = rule;
        Span = span;
        Setting = setting;
    }

    public DiagnosticDescriptor Rule { get; }

    public TextSpan Span { get; }

    public string Setting { get; }
}

/// <summary>
/// The SBX checks of a parsed <c>sandbox.json</c>. Findings point at the key of the offending setting (at the element
/// for <c>addCapabilities</c> entries), and name it by its path, e.g. <c>defaults.privileged</c>.
/// </summary>
internal static class SandboxConfigChecks
{
    private static readonly (string Key, Func<JsonNode, bool> IsUnsafe, DiagnosticDescriptor Rule)[] ProfileChecks =
    [
        ("privileged", IsTrue, SandboxDiagnostics.Privileged),
        ("network", v => v.IsString("bridge"), SandboxDiagnostics.NetworkEnabled),
        ("network", v => v.IsString("host"), SandboxDiagnostics.HostNetwork),
        ("readOnlyRootFilesystem", IsFalse, SandboxDiagnostics.ReadOnlyRootDisabled),
        ("memory", IsNoLimit, SandboxDiagnostics.NoMemoryLimit),
        ("timeout", IsNoLimit, SandboxDiagnostics.NoTimeout),
        ("pids", IsNull, SandboxDiagnostics.NoPidsLimit),
        ("seccomp", v => v.Kind == JsonKind.String && UnsafeValues.IsUnconfined(v.Text), SandboxDiagnostics.UnconfinedProfile),
        ("appArmorProfile", v => v.Kind == JsonKind.String && UnsafeValues.IsUnconfined(v.Text), SandboxDiagnostics.UnconfinedProfile),
        ("user", v => v.Kind is JsonKind.String or JsonKind.Number && UnsafeValues.IsRootUser(v.Text), SandboxDiagnostics.RunsAsRoot),
        ("allowWeakerIsolation", IsTrue, SandboxDiagnostics.WeakerIsolationAccepted),
        ("dropAllCapabilities", IsFalse, SandboxDiagnostics.CapabilitiesNotDropped),
        ("noNewPrivileges", IsFalse, SandboxDiagnostics.NoNewPrivilegesDisabled),
    ];

    /// <summary>The descriptors these checks can report.</summary>
    public static IEnumerable<DiagnosticDescriptor> Rules =>
        ProfileChecks.Select(c => c.Rule)
            .Concat([SandboxDiagnostics.CapabilityAdded, SandboxDiagnostics.DangerousCapabilityAdded, SandboxDiagnostics.WritableHostMount,
                SandboxDiagnostics.EngineSocketMounted, SandboxDiagnostics.ValidationDisabled, SandboxDiagnostics.HostFallbackEnabled,
                SandboxDiagnostics.EgressAllowList, SandboxDiagnostics.EgressToAnyHost])
            .Distinct();

    /// <summary>Every finding in the configuration <paramref name="root"/>.</summary>
    public static IEnumerable<ConfigFinding> Inspect(JsonNode root)
    {
        if (root.Kind != JsonKind.Object) yield break;
        if (root.Property("fallbackToHost") is { } fallback && IsTrue(fallback.Value))
        {
            yield return new ConfigFinding(SandboxDiagnostics.HostFallbackEnabled, fallback.NameSpan, "fallbackToHost");
        }

        if (root.Property("validation")?.Value.Property("enabled") is { } enabled && IsFalse(enabled.Value))
        {
            yield return new ConfigFinding(SandboxDiagnostics.ValidationDisabled, enabled.NameSpan, "validation.enabled");
        }

        if (root.Property("defaults") is { Value.Kind: JsonKind.Object } defaults)
        {
            foreach (var finding in InspectProfile(defaults.Value, "defaults.")) yield return finding;
        }
    }

    private static IEnumerable<ConfigFinding> InspectProfile(JsonNode profile, string prefix)
    {
        foreach (var (key, isUnsafe, rule) in ProfileChecks)
        {
            if (profile.Property(key) is { } setting && isUnsafe(setting.Value))
            {
                yield return new ConfigFinding(rule, setting.NameSpan, prefix + key);
            }
        }

        var capabilities = profile.Property("addCapabilities")?.Value.Items ?? [];
        for (var i = 0; i < capabilities.Count; i++)
        {
            var capability = capabilities[i];
            var rule = capability.Kind == JsonKind.String && UnsafeValues.IsDangerousCapability(capability.Text)
                ? SandboxDiagnostics.DangerousCapabilityAdded
                : SandboxDiagnostics.CapabilityAdded;
            yield return new ConfigFinding(rule, capability.Span, $"{prefix}addCapabilities[{i}] ({capability.Text})");
        }

        // "network": {"allow": [...]}: each entry at its own rule; a malformed one is the runtime's error to report.
        var allow = profile.Property("network")?.Value.Property("allow")?.Value.Items ?? [];
        for (var i = 0; i < allow.Count; i++)
        {
            var entry = allow[i];
            if (entry.Kind != JsonKind.String || !EgressSyntax.TryParseHost(entry.Text, out var host, out _, out _)) continue;
            var rule = SandboxRules.ForAllowedHost(host) == SandboxRules.EgressToAnyHost ? SandboxDiagnostics.EgressToAnyHost : SandboxDiagnostics.EgressAllowList;
            yield return new ConfigFinding(rule, entry.Span, $"{prefix}network.allow[{i}] ({SandboxRules.DescribeAllowedHost(entry.Text, host)})");
        }

        var mounts = profile.Property("mounts")?.Value.Items ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            var hostPath = mounts[i].Property("hostPath");
            var readOnly = mounts[i].Property("readOnly");
            var path = hostPath?.Value.Text ?? "";
            if (hostPath is not null && UnsafeValues.IsEngineSocket(path))
            {
                yield return new ConfigFinding(SandboxDiagnostics.EngineSocketMounted, hostPath.NameSpan, $"{prefix}mounts[{i}].hostPath ({path})");
            }
            else if (readOnly is not null && IsFalse(readOnly.Value))
            {
                // An absent readOnly means read-only, as HostMount's default does.
                yield return new ConfigFinding(SandboxDiagnostics.WritableHostMount, readOnly.NameSpan, $"{prefix}mounts[{i}].readOnly ({path})");
            }
        }
    }

    private static bool IsTrue(JsonNode value) => value.Kind == JsonKind.True;

    private static bool IsFalse(JsonNode value) => value.Kind == JsonKind.False;

    private static bool IsNull(JsonNode value) => value.Kind == JsonKind.Null;

    // null or a word of the one limit grammar (none, infinite), as the runtime reads it.
    private static bool IsNoLimit(JsonNode value) => IsNull(value) || (value.Kind == JsonKind.String && LimitSyntax.IsNoLimitWord(value.Text));
}
