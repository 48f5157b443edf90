using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cgroups;
using Sandbox.Executors.Host.Files;

namespace Sandbox.Executors.Host.Probing;

/// <summary>The host executor's health report: required tools, each isolation mechanism, cgroups and the temp root.</summary>
internal static class HostHealth
{
    private const string Install = "run build/engines/install.sh (Debian packages bubblewrap and util-linux)";

    /// <summary>Checks what a run needs now and reports what is enforceable.</summary>
    public static HealthReport Check(HostPlan plan, string tempRoot)
    {
        var facts = plan.Facts;
        var checks = new List<HealthCheck>
        {
            new("tools", facts.Tools is { Shell: not null, Env: not null }, $"sh: {facts.Tools.Shell ?? "missing"}, env: {facts.Tools.Env ?? "missing"}", "install coreutils and dash"),
            new("user", true, facts.IsRoot ? "running as root: runs switch to the requested user" : "not root: runs keep this user (inside a user namespace when bubblewrap works)"),
            Provenance(facts),
        };
        foreach (var mechanism in Enum.GetValues<Mechanism>())
            checks.Add(new HealthCheck(mechanism.ToString(), facts.Works(mechanism), facts.Works(mechanism) ? "works" : facts.Why(mechanism), facts.Works(mechanism) ? null : Install));
        foreach (var controller in CgroupDiscovery.Controllers)
        {
            var usable = facts.CgroupBases.TryGetValue(controller, out var dir);
            checks.Add(new HealthCheck($"cgroup {controller}", usable, usable ? dir! : facts.CgroupProblems.GetValueOrDefault(controller, "unusable"),
                usable ? null : "run the host as root on a machine with cgroup v1 controllers mounted"));
        }

        checks.Add(TempRootCheck(tempRoot, othersMustTraverse: facts.IsRoot && (plan.UserNamespace || plan.SwitchUser)));
        var capabilities = plan.Capabilities;
        var summary = $"host: {capabilities.IsolationLevel} isolation; enforces {SandboxFeatureNames.Describe(capabilities.Features)}";
        var healthy = checks[0].Passed && checks[^1].Passed;
        return healthy ? HealthReport.Ok(summary, [.. checks]) : HealthReport.Failing(summary, [.. checks]);
    }

    // A report read from facts an earlier process kept says so: the machine may have changed in a way no key sees.
    private static HealthCheck Provenance(HostFacts facts)
    {
        if (facts.KeptIn is not { } file) return new HealthCheck("probes", true, "measured by this process");
        var age = DateTimeOffset.UtcNow - facts.MeasuredAt;
        var ago = age < TimeSpan.FromMinutes(1) ? $"{Math.Max(0, (int)age.TotalSeconds)} s" : $"{(int)age.TotalMinutes} min";
        return new HealthCheck("probes", true,
            $"measured {ago} ago by an earlier process and kept in {file}, as nothing they depend on has changed; delete the file to measure again now");
    }

    private static HealthCheck TempRootCheck(string tempRoot, bool othersMustTraverse)
    {
        try
        {
            var root = RunDirectory.EnsureRoot(tempRoot, othersMustTraverse);
            var probe = Directory.CreateDirectory(Path.Join(root, $"health-{Guid.NewGuid():N}"));
            probe.Delete();
            return new HealthCheck("temp root", true, $"{root} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EngineUnavailableException)
        {
            return new HealthCheck("temp root", false, ex.Message, "set executors.host.tempRoot to a writable directory under /tmp");
        }
    }
}
