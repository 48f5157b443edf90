using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy;

/// <summary>The allow-lists: executors (POL0005), images (POL0003) and host mounts (POL0004).</summary>
internal static class AllowLists
{
    public static void Check(ValidationContext context, CompiledPolicy policy, FindingList findings)
    {
        var request = context.Request;
        if (policy.Executors is { } executors && !executors.Contains(context.Executor))
            findings.Add(PolicyRules.ExecutorNotAllowed, $"executor '{context.Executor}' is not allowed; the policy allows {List(executors)} (allowExecutors)");

        // The host executor ignores images; every other executor runs the one named here.
        if (policy.Images is { } images && request.Image is { } image && !images.Any(p => p.Matches(image)))
            findings.Add(PolicyRules.ImageNotAllowed, $"image '{image}' is not allowed; the policy allows {List(images.Select(p => p.Text))} (allowImages)");

        for (var i = 0; i < request.Mounts.Count; i++)
        {
            var mount = request.Mounts[i];
            if (Abstractions.Rules.UnsafeSettingsInspector.IsEngineSocket(mount.HostPath)) continue; // SBX0012 already, never allowed
            var canonical = HostPaths.Canonical(mount.HostPath);
            if (canonical is not null && policy.MountRoots.Any(root => HostPaths.IsUnder(canonical, root))) continue;
            var resolved = canonical is not null && canonical != mount.HostPath.TrimEnd('/') ? $" (resolves to {canonical})" : "";
            findings.Add(PolicyRules.MountNotAllowed, policy.MountRoots.Count == 0
                ? $"mounts[{i}] mounts host path {mount.HostPath}{resolved}; the policy allows no host mounts (allowMounts)"
                : $"mounts[{i}] mounts host path {mount.HostPath}{resolved}, which is not below {List(policy.MountRoots)} (allowMounts)");
        }
    }

    private static string List(IEnumerable<string> values)
    {
        var list = values.Order(StringComparer.Ordinal).Select(v => $"'{v}'").ToList();
        return list.Count == 0 ? "none" : $"only {string.Join(", ", list)}";
    }
}
