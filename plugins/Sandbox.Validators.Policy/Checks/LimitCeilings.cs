using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Validators.Policy;

/// <summary>
/// Compares each limit of a request with the policy's ceiling: POL0001 above it, POL0002 when unset. A missing memory,
/// pids or timeout limit is an SBX setting, reported by <see cref="SandboxSettings"/> with <see cref="UnsetCeiling"/>.
/// </summary>
internal static class LimitCeilings
{
    public static void Check(ResourceLimits limits, CompiledPolicy policy, FindingList findings)
    {
        var c = policy.Ceilings;
        Value(findings, "limits.memory", limits.MemoryBytes, c.Memory, Display.Bytes, coveredBySbx: true);
        Value(findings, "limits.cpus", limits.Cpus, c.Cpus, Display.Number, coveredBySbx: false);
        Value(findings, "limits.pids", limits.Pids, c.Pids, Integer, coveredBySbx: true);
        Value(findings, "limits.timeout", limits.HasTimeout ? limits.Timeout : null, c.Timeout, Display.Duration, coveredBySbx: true);
        Value(findings, "limits.tmpfs", limits.TmpfsBytes, c.Tmpfs, Display.Bytes, coveredBySbx: false);
        Value(findings, "limits.output", limits.OutputBytes, c.Output, Display.Bytes, coveredBySbx: false);
        Value(findings, "limits.collectedFiles", limits.CollectedFilesBytes, c.CollectedFiles, Display.Bytes, coveredBySbx: false);
        Value(findings, "limits.openFiles", limits.OpenFiles, c.OpenFiles, Integer, coveredBySbx: false);
        Value(findings, "limits.fileSize", limits.FileSizeBytes, c.FileSize, Display.Bytes, coveredBySbx: false);
    }

    /// <summary>The ceiling for the limit an SBX "no limit" rule is about, for its message; <c>null</c> when none is set.</summary>
    public static string? UnsetCeiling(string ruleId, CeilingSettings c) => ruleId switch
    {
        SandboxRules.NoMemoryLimitId => c.Memory is { } m ? Display.Bytes(m) : null,
        SandboxRules.NoPidsLimitId => c.Pids is { } p ? Integer(p) : null,
        SandboxRules.NoTimeoutId => c.Timeout is { } t ? Display.Duration(t) : null,
        _ => null,
    };

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Value<T>(FindingList findings, string setting, T? value, T? ceiling, Func<T, string> show, bool coveredBySbx)
        where T : struct, IComparable<T>
    {
        if (value is null)
        {
            if (!coveredBySbx && ceiling is { } cap)
                findings.Add(PolicyRules.LimitUnbounded, $"{setting} is not set (unlimited or the executor's default); the policy ceiling is {show(cap)}");
        }
        else if (ceiling is { } max && value.Value.CompareTo(max) > 0)
        {
            findings.Add(PolicyRules.LimitAboveCeiling, $"{setting} is {show(value.Value)}, above the policy ceiling of {show(max)}");
        }
    }
}
