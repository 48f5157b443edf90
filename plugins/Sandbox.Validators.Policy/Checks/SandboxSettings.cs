using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Validators.Policy;

/// <summary>
/// Takes the SBX findings of <see cref="UnsafeSettingsInspector"/> (which reports them as warnings) and escalates to an
/// error each one the policy forbids, with the reason. Permitted weakenings are left to the inspector's own warnings.
/// </summary>
internal static class SandboxSettings
{
    public static void Check(ExecutionRequest request, CompiledPolicy policy, FindingList findings)
    {
        var inspected = UnsafeSettingsInspector.Inspect(request);

        // The inspector reports one capability finding per added capability, in order.
        var capabilityFindings = inspected.Where(f => f.RuleId is SandboxRules.CapabilityAddedId or SandboxRules.DangerousCapabilityAddedId).ToList();
        var added = request.Security.AddCapabilities;
        for (var i = 0; i < capabilityFindings.Count; i++)
        {
            var capability = i < added.Count ? CompiledPolicy.NormalizeCapability(added[i]) : "";
            if (!policy.Capabilities.Contains(capability)) findings.Escalate(capabilityFindings[i], AllowedCapabilities(policy));
        }

        foreach (var finding in inspected.Except(capabilityFindings))
        {
            if (Forbidden(finding.RuleId, request, policy) is { } why) findings.Escalate(finding, why);
        }
    }

    private static string? Forbidden(string ruleId, ExecutionRequest request, CompiledPolicy policy) => ruleId switch
    {
        SandboxRules.PrivilegedId => "privileged mode is never allowed by the policy",
        SandboxRules.NetworkEnabledId or SandboxRules.HostNetworkId when request.Network > policy.MaxNetwork =>
            $"the policy allows network '{policy.MaxNetwork.ToString().ToLowerInvariant()}' at most (allowNetwork)",
        SandboxRules.NetworkEnabledId or SandboxRules.HostNetworkId => null,
        SandboxRules.WritableHostMountId => "the policy allows host mounts only read-only",
        SandboxRules.EngineSocketMountedId => "the engine socket is never allowed by the policy",
        SandboxRules.RunsAsRootId => policy.AllowRoot ? null : "the policy forbids root (allowRoot is false)",
        SandboxRules.NoMemoryLimitId or SandboxRules.NoPidsLimitId or SandboxRules.NoTimeoutId =>
            LimitCeilings.UnsetCeiling(ruleId, policy.Ceilings) is { } ceiling ? $"the policy ceiling is {ceiling}"
            : policy.Permitted.Contains(ruleId) ? null : $"the policy requires a limit (permit {ruleId} to accept none)",
        _ => policy.Permitted.Contains(ruleId) ? null : $"the policy does not permit it (permit {ruleId} to accept it)",
    };

    private static string AllowedCapabilities(CompiledPolicy policy) =>
        policy.Capabilities.Count == 0
            ? "the policy allows no added capabilities (allowCapabilities)"
            : $"the policy allows only {string.Join(", ", policy.Capabilities.Order(StringComparer.Ordinal))} (allowCapabilities)";
}
