using System.Globalization;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// The few POSIX <c>sh</c> scripts a session runs inside its container. They need only <c>/bin/sh</c>, <c>sleep</c>
/// and shell built-ins (plus <c>rm</c> to delete and <c>id</c> for a named user), so they work in a minimal Debian
/// image and in most user images (busybox included).
/// </summary>
internal static class SessionScripts
{
    /// <summary>The shell every script runs under.</summary>
    public const string Shell = "/bin/sh";

    /// <summary>Reads the memory cgroup's OOM-kill counter (v1 or v2) into <c>o</c>, or <c>-</c> when it cannot be read.</summary>
    private const string ReadOomCounter =
        "o=-; for f in /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events; do "
        + "[ -r \"$f\" ] && while read -r k v; do [ \"$k\" = oom_kill ] && o=$v; done < \"$f\"; done; ";

    /// <summary>Marks the first stderr line of a command as the wrapper's own (a control character no tool prints first).</summary>
    public const string PrologueTag = "\u001esandbox-exec ";

    /// <summary>
    /// What the container idles on, under the engine's own init (docker-init or catatonit as pid 1, which reaps every
    /// orphan the commands leave behind and never forks, so a fork bomb cannot take it down). A plain sleep never forks
    /// either. A detached session's sleep ends after its time to live, so an expired session stops even if nobody sweeps.
    /// A command that kills every process of its user (<c>kill -9 -1</c>) ends its own session.
    /// </summary>
    public static IReadOnlyList<string> InitCommand(TimeSpan? timeToLive) => ["sleep", IdleSeconds(timeToLive).ToString(CultureInfo.InvariantCulture)];

    /// <summary>How long a session's idle init lives: its time to live, else for ever (as good as).</summary>
    public static long IdleSeconds(TimeSpan? timeToLive) => timeToLive is { } ttl ? Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds)) : int.MaxValue;

    /// <summary>
    /// What a single-use session's container runs when the framework's own gate cannot be mounted (a remote engine): it
    /// waits for one line on stdin (see <see cref="GateInput"/>) and replaces itself with the command it names, which
    /// inherits the rest of stdin. It reports nothing itself: the workload could read or forge anything it held, so the
    /// command's end and status are the container's exit as the engine reports it. <c>read</c> takes stdin a byte at a
    /// time, so nothing meant for the command is consumed. Stdin closed before the line came means "never run" (125).
    /// </summary>
    public static IReadOnlyList<string> GateCommand() =>
        [Shell, "-c", "nl='\n'; IFS= read -r c || exit 125; eval \"$c\"", "sandbox-gate"];

    /// <summary>
    /// The fallback gate's input, one line: optionally change directory and export variables, then exec the argv. Every
    /// word is single-quoted (a quote inside is closed, escaped and reopened; a newline is spliced in from <c>$nl</c> so
    /// the command stays one line), so nothing in it is interpreted by the shell.
    /// </summary>
    public static string GateInput(IReadOnlyList<string> argv, string? workingDirectory, IEnumerable<string> environment)
    {
        var line = new System.Text.StringBuilder();
        if (workingDirectory is not null) line.Append("cd ").Append(Quote(workingDirectory)).Append(" || exit 126; ");
        foreach (var variable in environment) line.Append("export ").Append(Quote(variable)).Append("; ");
        line.Append("exec");
        foreach (var word in argv) line.Append(' ').Append(Quote(word));
        return line.Append('\n').ToString();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal).Replace("\n", "'\"$nl\"'", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Wraps a command: announces (as the first stderr line) the wrapper's pid — which the engine made the leader of
    /// a new session and process group, so it names the command's whole process tree — and the OOM-kill counter before
    /// the command starts, then replaces itself with the command (same pid, stdin, environment).
    /// </summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> command) =>
        [Shell, "-c", ReadOomCounter + "printf '\\036sandbox-exec %s %s\\n' \"$$\" \"$o\" >&2; exec \"$@\"", "sandbox-exec", .. command];

    /// <summary>
    /// Kills the process tree of the command whose wrapper had pid <c>$1</c>: its process group, then anything still in
    /// its session or group (a child that moved to another group), round after round until nothing of it is left —
    /// zombies included, until the engine's init has reaped them: each still holds a pid, and the next command of a
    /// session whose fork bomb filled the pids limit would find none free. Shell built-ins only (nothing left to fork),
    /// and bounded. A process that started a new session of its own (setsid) escapes: only removing the session stops it.
    /// </summary>
    public static IReadOnlyList<string> KillTree(int pid) =>
        [Shell, "-c",
            "s=$1; kill -9 -\"$s\" 2>/dev/null; r=0; while [ $r -lt 500 ]; do r=$((r+1)); found=; for p in /proc/[0-9]*; do "
            + "read -r l 2>/dev/null < \"$p/stat\" || continue; set -- ${l##*) }; "
            + "if [ \"$4\" = \"$s\" ] || [ \"$3\" = \"$s\" ]; then kill -9 \"${p#/proc/}\" 2>/dev/null && found=1; fi; done; "
            + "[ -z \"$found\" ] && break; done; exit 0",
            "sandbox-kill", pid.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Prints the OOM-kill counter (or <c>-</c>).</summary>
    public static IReadOnlyList<string> OomCounter() => [Shell, "-c", ReadOomCounter + "echo \"$o\"", "sandbox-oom"];

    /// <summary>Prints the numeric uid and gid of the user the command runs as (to own files copied in for a named user).</summary>
    public static IReadOnlyList<string> UserIds() => [Shell, "-c", "id -u && id -g", "sandbox-id"];

    /// <summary>Deletes the given paths (recursively; links themselves, never what they point to) with the workload's own rights.</summary>
    public static IReadOnlyList<string> Delete(IEnumerable<string> paths) => [Shell, "-c", "rm -rf -- \"$@\"", "sandbox-rm", .. paths];

    /// <summary>Parses a <see cref="Wrap"/> prologue line: the command's pid and the OOM-kill counter before it ran.</summary>
    public static (int Pid, long? OomKills)? ParsePrologue(string? line)
    {
        if (line is null || !line.StartsWith(PrologueTag, StringComparison.Ordinal)) return null;
        var parts = line[PrologueTag.Length..].Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        return (pid, ParseCounter(parts[1]));
    }

    /// <summary>Parses an OOM-kill counter as printed by the scripts; <c>null</c> when it could not be read.</summary>
    public static long? ParseCounter(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
}
