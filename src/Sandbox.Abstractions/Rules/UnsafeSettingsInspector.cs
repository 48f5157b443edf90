namespace Sandbox.Abstractions.Rules;

/// <summary>
/// Finds the settings of a request that weaken the sandbox and reports them with their SBX rule ids. The runtime
/// logs them, <c>sandbox validate-config</c> prints them, the MSBuild task turns them into build warnings, and the
/// policy validator can escalate them to errors — the same ids the analyzers report at compile time.
/// </summary>
public static class UnsafeSettingsInspector
{
    /// <summary>Inspects <paramref name="request"/>.</summary>
    /// <param name="request">The request to inspect.</param>
    /// <param name="nameSetting">
    /// Turns a setting's path in the request (e.g. <c>limits.memory</c>) into the name the caller's surface uses
    /// (a JSON key, a task parameter). Defaults to the request path.
    /// </param>
    public static IReadOnlyList<ValidationFinding> Inspect(ExecutionRequest request, Func<string, string>? nameSetting = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var findings = new List<ValidationFinding>();
        void Add(SandboxRule rule, string setting) => findings.Add(Finding(rule, nameSetting is null ? setting : nameSetting(setting)));

        var security = request.Security;
        var limits = request.Limits;
        if (security.Privileged) Add(SandboxRules.Privileged, "security.privileged");
        if (request.Network == NetworkPolicy.Bridge) Add(SandboxRules.NetworkEnabled, "network");
        if (request.Network == NetworkPolicy.Host) Add(SandboxRules.HostNetwork, "network");
        if (!security.ReadOnlyRootFilesystem) Add(SandboxRules.ReadOnlyRootDisabled, "security.readOnlyRootFilesystem");
        if (limits.MemoryBytes is null) Add(SandboxRules.NoMemoryLimit, "limits.memory");
        if (!limits.HasTimeout) Add(SandboxRules.NoTimeout, "limits.timeout");
        if (limits.Pids is null) Add(SandboxRules.NoPidsLimit, "limits.pids");
        foreach (var capability in security.AddCapabilities)
        {
            Add(UnsafeValues.IsDangerousCapability(capability) ? SandboxRules.DangerousCapabilityAdded : SandboxRules.CapabilityAdded, $"security.addCapabilities ({capability})");
        }

        if (security.Seccomp == SeccompMode.Unconfined) Add(SandboxRules.UnconfinedProfile, "security.seccomp");
        if (UnsafeValues.IsUnconfined(security.AppArmorProfile)) Add(SandboxRules.UnconfinedProfile, "security.appArmorProfile");
        for (var i = 0; i < request.Mounts.Count; i++)
        {
            var mount = request.Mounts[i];
            if (IsEngineSocket(mount.HostPath)) Add(SandboxRules.EngineSocketMounted, $"mounts[{i}] ({mount.HostPath})");
            else if (!mount.ReadOnly) Add(SandboxRules.WritableHostMount, $"mounts[{i}] ({mount.HostPath})");
        }

        if (security.RunsAsRoot) Add(SandboxRules.RunsAsRoot, "security.user");
        if (request.AllowWeakerIsolation) Add(SandboxRules.WeakerIsolationAccepted, "allowWeakerIsolation");
        if (!security.DropAllCapabilities) Add(SandboxRules.CapabilitiesNotDropped, "security.dropAllCapabilities");
        if (!security.NoNewPrivileges) Add(SandboxRules.NoNewPrivilegesDisabled, "security.noNewPrivileges");
        for (var i = 0; i < request.Egress.Allow.Count; i++)
        {
            var entry = request.Egress.Allow[i];
            Add(SandboxRules.ForAllowedHost(entry.Host), $"network.allow[{i}] ({SandboxRules.DescribeAllowedHost(entry.ToString(), entry.Host)})");
        }

        return findings;
    }

    /// <summary>A finding for <paramref name="rule"/> at <paramref name="where"/>: a warning, or info for an informational rule.</summary>
    public static ValidationFinding Finding(SandboxRule rule, string where) =>
        new(rule.Id, rule.IsInformational ? FindingSeverity.Info : FindingSeverity.Warning, rule.Format(where)) { Validator = "sbx" };

    /// <summary>Whether <paramref name="hostPath"/> is a container engine's API socket.</summary>
    public static bool IsEngineSocket(string hostPath) => UnsafeValues.IsEngineSocket(hostPath);
}
