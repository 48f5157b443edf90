using System.Globalization;
using Sandbox.Abstractions;

namespace Sandbox.Executors.Firejail;

/// <summary>
/// The firejail command line for a request. Every request value is its own argument, never shell text. Firejail gives
/// the workload new pid, mount and (with <c>--net=none</c>) network namespaces, its default seccomp filter, a private
/// /tmp and rlimits; inside, <c>setpriv</c> switches to the requested user with an empty capability bounding set.
/// </summary>
internal static class FirejailCommandLine
{
    public const string Setpriv = "/usr/bin/setpriv";

    public static List<string> Build(string firejail, ExecutionRequest request, (int Uid, int Gid)? user, string runFolder)
    {
        var argv = new List<string>
        {
            firejail, "--quiet", "--noprofile",
            // End the sandbox with its first process, as a container ends with its init, and report its exit code.
            "--deterministic-exit-code", "--deterministic-shutdown",
            "--private-tmp",
            // Firejail remounts system folders read-only; the run folder stays writable and is where the command starts.
            $"--read-write={runFolder}", $"--private-cwd={runFolder}",
        };
        if (request.Network == NetworkPolicy.None) argv.Add("--net=none");
        if (request.Security.NoNewPrivileges) argv.Add("--nonewprivs");
        if (request.Security.Seccomp == SeccompMode.Default) argv.Add("--seccomp");
        // setpriv needs these three to switch users and empty the bounding set; it drops them before the workload runs.
        if (user is not null) argv.Add("--caps.keep=setuid,setgid,setpcap");
        else if (request.Security.DropAllCapabilities) argv.Add("--caps.drop=all");
        if (request.Limits.OpenFiles is { } files) argv.Add(Invariant($"--rlimit-nofile={files}"));
        if (request.Limits.FileSizeBytes is { } size) argv.Add(Invariant($"--rlimit-fsize={size}"));
        argv.Add("--");
        if (user is { } u)
            argv.AddRange([Setpriv, Invariant($"--reuid={u.Uid}"), Invariant($"--regid={u.Gid}"), "--clear-groups", "--bounding-set=-all", "--inh-caps=-all", "--"]);
        argv.AddRange(request.Command);
        return argv;
    }

    /// <summary>The numeric <c>uid[:gid]</c> to switch to, or <c>null</c> for root (no switch).</summary>
    /// <exception cref="InvalidRequestException">The user is not numeric.</exception>
    public static (int Uid, int Gid)? User(SecurityProfile security)
    {
        if (security.RunsAsRoot) return null;
        var parts = security.User.Split(':');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            throw new InvalidRequestException("security.user", $"'{security.User}' must be numeric (uid or uid:gid) for the firejail executor");
        return (uid, parts.Length == 1 ? uid : gid);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
