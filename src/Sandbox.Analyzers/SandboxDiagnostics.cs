using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers;

/// <summary>
/// The analyzers' descriptors, each built from its rule in the shared SBX catalog (<c>SandboxRules</c>), so the
/// ids, titles and messages are the ones the MSBuild task and <c>sandbox validate-config</c> report.
/// </summary>
public static class SandboxDiagnostics
{
    /// <summary>SBX0001: the sandbox runs privileged.</summary>
    public static readonly DiagnosticDescriptor Privileged = Create(SandboxRules.Privileged);

    /// <summary>SBX0002: the sandbox has network access.</summary>
    public static readonly DiagnosticDescriptor NetworkEnabled = Create(SandboxRules.NetworkEnabled);

    /// <summary>SBX0003: the sandbox uses the host network.</summary>
    public static readonly DiagnosticDescriptor HostNetwork = Create(SandboxRules.HostNetwork);

    /// <summary>SBX0004: the root filesystem is writable.</summary>
    public static readonly DiagnosticDescriptor ReadOnlyRootDisabled = Create(SandboxRules.ReadOnlyRootDisabled);

    /// <summary>SBX0005: no memory limit.</summary>
    public static readonly DiagnosticDescriptor NoMemoryLimit = Create(SandboxRules.NoMemoryLimit);

    /// <summary>SBX0006: no timeout.</summary>
    public static readonly DiagnosticDescriptor NoTimeout = Create(SandboxRules.NoTimeout);

    /// <summary>SBX0007: no process limit.</summary>
    public static readonly DiagnosticDescriptor NoPidsLimit = Create(SandboxRules.NoPidsLimit);

    /// <summary>SBX0008: a capability is added.</summary>
    public static readonly DiagnosticDescriptor CapabilityAdded = Create(SandboxRules.CapabilityAdded);

    /// <summary>SBX0009: a container-escape capability is added.</summary>
    public static readonly DiagnosticDescriptor DangerousCapabilityAdded = Create(SandboxRules.DangerousCapabilityAdded);

    /// <summary>SBX0010: seccomp or AppArmor is unconfined.</summary>
    public static readonly DiagnosticDescriptor UnconfinedProfile = Create(SandboxRules.UnconfinedProfile);

    /// <summary>SBX0011: a host path is mounted writable.</summary>
    public static readonly DiagnosticDescriptor WritableHostMount = Create(SandboxRules.WritableHostMount);

    /// <summary>SBX0012: the engine socket is mounted.</summary>
    public static readonly DiagnosticDescriptor EngineSocketMounted = Create(SandboxRules.EngineSocketMounted);

    /// <summary>SBX0013: the command runs as root.</summary>
    public static readonly DiagnosticDescriptor RunsAsRoot = Create(SandboxRules.RunsAsRoot);

    /// <summary>SBX0014: validation is disabled.</summary>
    public static readonly DiagnosticDescriptor ValidationDisabled = Create(SandboxRules.ValidationDisabled);

    /// <summary>SBX0015: fallback to the host executor.</summary>
    public static readonly DiagnosticDescriptor HostFallbackEnabled = Create(SandboxRules.HostFallbackEnabled);

    /// <summary>SBX0016: weaker isolation is accepted.</summary>
    public static readonly DiagnosticDescriptor WeakerIsolationAccepted = Create(SandboxRules.WeakerIsolationAccepted);

    /// <summary>SBX0017: capabilities are not dropped.</summary>
    public static readonly DiagnosticDescriptor CapabilitiesNotDropped = Create(SandboxRules.CapabilitiesNotDropped);

    /// <summary>SBX0018: no-new-privileges is disabled.</summary>
    public static readonly DiagnosticDescriptor NoNewPrivilegesDisabled = Create(SandboxRules.NoNewPrivilegesDisabled);

    /// <summary>SBX0019: an egress allow-list entry (informational).</summary>
    public static readonly DiagnosticDescriptor EgressAllowList = Create(SandboxRules.EgressAllowList);

    /// <summary>SBX0020: an egress allow-list entry of <c>*</c>.</summary>
    public static readonly DiagnosticDescriptor EgressToAnyHost = Create(SandboxRules.EgressToAnyHost);

    /// <summary>SBX0101: an executor ignores its CancellationToken.</summary>
    public static readonly DiagnosticDescriptor IgnoresCancellationToken = Create(SandboxRules.IgnoresCancellationToken);

    /// <summary>SBX0102: an executor or validator blocks on async work.</summary>
    public static readonly DiagnosticDescriptor BlocksOnAsync = Create(SandboxRules.BlocksOnAsync);

    /// <summary>SBX0103: a plugin type will not be discovered.</summary>
    public static readonly DiagnosticDescriptor PluginNotDiscoverable = Create(SandboxRules.PluginNotDiscoverable);

    /// <summary>Every descriptor, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        Privileged, NetworkEnabled, HostNetwork, ReadOnlyRootDisabled, NoMemoryLimit, NoTimeout, NoPidsLimit,
        CapabilityAdded, DangerousCapabilityAdded, UnconfinedProfile, WritableHostMount, EngineSocketMounted,
        RunsAsRoot, ValidationDisabled, HostFallbackEnabled, WeakerIsolationAccepted, CapabilitiesNotDropped,
        NoNewPrivilegesDisabled, EgressAllowList, EgressToAnyHost, IgnoresCancellationToken, BlocksOnAsync, PluginNotDiscoverable);

    // Every SBX rule but the informational ones defaults to Warning: TreatWarningsAsErrors or .editorconfig severities
    // escalate them, and the same policy then applies to the MSBuild task's warnings, which use the same ids.
    private static DiagnosticDescriptor Create(SandboxRule rule) => new(
        rule.Id, rule.Title, rule.MessageFormat, rule.Category, rule.IsInformational ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning, isEnabledByDefault: true,
        rule.Description, rule.HelpUri);
}
