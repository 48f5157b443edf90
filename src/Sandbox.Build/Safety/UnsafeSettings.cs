using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Build.Safety;

/// <summary>
/// Finds the settings of a step that weaken its sandbox, as SBX findings: those of the task's own parameters (worded
/// with the parameter, e.g. <c>Network="bridge"</c>) and those of the sandbox.json that applies, minus the ones a
/// parameter overrides. Both are reported before anything runs, so a build that treats them as errors never runs
/// the step.
/// </summary>
internal static class UnsafeSettings
{
    // Config settings a task parameter replaces: a config finding for them no longer describes the run.
    private static readonly (string RuleId, Func<SandboxRun, string?> Parameter)[] Overrides =
    [
        (SandboxRules.NetworkEnabledId, t => t.Network),
        (SandboxRules.HostNetworkId, t => t.Network),
        (SandboxRules.NoTimeoutId, t => t.Timeout),
        (SandboxRules.NoMemoryLimitId, t => t.Memory),
        (SandboxRules.NoPidsLimitId, t => t.Pids),
    ];

    /// <summary>The findings for the task's parameters.</summary>
    public static IReadOnlyList<ValidationFinding> OfParameters(SandboxRun task)
    {
        // Only what the parameters change is inspected: everything else keeps the secure default (or the config's,
        // which OfConfiguration covers).
        var request = new ExecutionRequest
        {
            Network = ParseNetwork(task.Network),
            Limits = ResourceLimits.Default with
            {
                Timeout = LimitSyntax.IsNoLimitWord(task.Timeout) ? null : ResourceLimits.DefaultTimeout,
                MemoryBytes = LimitSyntax.IsNoLimitWord(task.Memory) ? null : ResourceLimits.Default.MemoryBytes,
            },
            AllowWeakerIsolation = task.AllowWeakerIsolation,
        };
        var findings = new List<ValidationFinding>(UnsafeSettingsInspector.Inspect(request, setting => ParameterName(task, setting)));
        if (task.NoValidate) findings.Add(UnsafeSettingsInspector.Finding(SandboxRules.ValidationDisabled, "NoValidate=\"true\""));
        return findings;
    }

    /// <summary>
    /// The findings of the configuration (from <c>sandbox validate-config</c>) that still describe this run: not
    /// overridden by a parameter and not already reported for one.
    /// </summary>
    public static IReadOnlyList<ValidationFinding> OfConfiguration(SandboxRun task, IReadOnlyList<ValidationFinding> configFindings, IReadOnlyList<ValidationFinding> parameterFindings)
    {
        var overridden = Overrides.Where(o => !string.IsNullOrWhiteSpace(o.Parameter(task))).Select(o => o.RuleId)
            .Concat(parameterFindings.Select(f => f.RuleId))
            .ToHashSet(StringComparer.Ordinal);
        return [.. configFindings.Where(f => !overridden.Contains(f.RuleId))];
    }

    private static NetworkPolicy ParseNetwork(string? network) =>
        JsonEnumNames.TryParse<NetworkPolicy>(network, out var policy) ? policy : NetworkPolicy.None;

    private static string ParameterName(SandboxRun task, string setting) => setting switch
    {
        "network" => $"Network=\"{task.Network}\"",
        "limits.timeout" => $"Timeout=\"{task.Timeout}\"",
        "limits.memory" => $"Memory=\"{task.Memory}\"",
        "allowWeakerIsolation" => "AllowWeakerIsolation=\"true\"",
        _ => setting,
    };
}
