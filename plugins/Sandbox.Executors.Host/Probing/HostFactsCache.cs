using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Executors.Host.Native;
using Sandbox.Toolkit;

namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Keeps what <see cref="HostProbe"/> measured for the next processes, so a short-lived host (a CLI run) does not start
/// seven probe processes every time. A kept entry is used only while everything the probes depend on is unchanged — the
/// boot, the kernel, the user, this build of the executor, the settings the probes read, every tool (by path, size and
/// time of change), the kernel's user-namespace switches, the cgroup directories found — and for at most
/// <see cref="Lifetime"/>. It lives in the user's cache folder (<see cref="SandboxCache"/>), written with mode 0600;
/// the executor drops it when a run fails to set up, so a machine that changed in a way no key sees is probed again at
/// the next run. Without a cache folder nothing is kept.
/// </summary>
/// <remarks>
/// Wrong facts cannot weaken a run silently: a mechanism wrongly believed missing makes the run report weaker isolation
/// (refused unless the caller accepted it), and one wrongly believed working fails the run's set-up.
/// </remarks>
internal static class HostFactsCache
{
    /// <summary>How long a kept entry is used at most.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string FileName = "host-facts.json";

    // Switches the user-namespace probes depend on (absent ones are skipped): changed at run time by administrators.
    private static readonly string[] KernelSwitches =
    [
        "/proc/sys/user/max_user_namespaces", "/proc/sys/kernel/unprivileged_userns_clone",
        "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "/proc/sys/kernel/seccomp/actions_avail",
    ];

    /// <summary>
    /// The facts kept in <paramref name="folder"/> (<c>null</c>: keep nothing) for <paramref name="settings"/> if still
    /// valid (their <see cref="HostFacts.KeptIn"/> names the file), else <paramref name="probe"/>'s, kept for next time.
    /// </summary>
    public static HostFacts GetOrProbe(string? folder, HostExecutorSettings settings, Func<HostFacts> probe)
    {
        if (folder is null) return probe();
        var path = Path.Join(folder, FileName);
        var key = Key(settings);
        if (TryRead(path, key) is { } kept) return kept;
        var facts = probe();
        TryWrite(folder, path, key, facts);
        return facts;
    }

    /// <summary>Drops the facts kept in <paramref name="folder"/> (a run failed to set up: the machine may have changed).</summary>
    public static void Forget(string? folder)
    {
        if (folder is not null) Forget(folder, FileName);
    }

    private static void Forget(string folder, string fileName)
    {
        try
        {
            File.Delete(Path.Join(folder, fileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing kept, or not ours: the next process probes either way when the key differs.
        }
    }

    /// <summary>Everything the probes' outcome depends on, as one string.</summary>
    internal static string Key(HostExecutorSettings settings)
    {
        var key = new StringBuilder();
        key.Append("boot=").Append(ReadTrimmed("/proc/sys/kernel/random/boot_id")).Append('\n');
        key.Append("kernel=").Append(ReadTrimmed("/proc/sys/kernel/osrelease")).Append('\n');
        key.Append("euid=").Append(Libc.EffectiveUserId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        key.Append("build=").Append(typeof(HostFactsCache).Assembly.ManifestModule.ModuleVersionId.ToString("N")).Append('\n');
        key.Append("settings=").Append(settings.Isolation).Append(';').Append(settings.UseCgroups).Append(';').Append(settings.CgroupName)
            .Append(';').Append(string.Join(',', settings.SystemPaths)).Append('\n');
        foreach (var (_, tool) in Tools(HostTools.Find()))
        {
            // The program itself, not a link to it (/usr/bin/sh is one): an upgrade changes the target only.
            var info = tool is null ? null : new FileInfo(tool).ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(tool);
            key.Append("tool=").Append(tool).Append(';').Append(info?.Length.ToString(CultureInfo.InvariantCulture))
                .Append(';').Append(info?.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var path in KernelSwitches) key.Append(path).Append('=').Append(File.Exists(path) ? ReadTrimmed(path) : "-").Append('\n');
        return key.ToString();
    }

    private static HostFacts? TryRead(string path, string key)
    {
        try
        {
            var file = new FileInfo(path);
            // Only a regular file no one else may write: another user's facts are never trusted.
            if (!file.Exists || file.LinkTarget is not null || (file.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0) return null;
            if (DateTime.UtcNow - file.LastWriteTimeUtc > Lifetime) return null;
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("key").GetString() != key) return null;
            var facts = Read(root.GetProperty("facts")) with { MeasuredAt = file.LastWriteTimeUtc, KeptIn = path };
            // A cgroup directory found then must still be there.
            return facts.CgroupBases.Values.All(Directory.Exists) ? facts : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void TryWrite(string folder, string path, string key, HostFacts facts)
    {
        var temporary = Path.Join(folder, $".{FileName}.{Path.GetRandomFileName()}");
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("key", key);
                writer.WritePropertyName("facts");
                Write(writer, facts);
                writer.WriteEndObject();
            }

            // Readers see the old entry or the new one, never half of one.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Keeping the facts is an optimisation: this process has them either way.
            Forget(Path.GetDirectoryName(temporary)!, Path.GetFileName(temporary));
        }
    }

    private static void Write(Utf8JsonWriter writer, HostFacts facts)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("isRoot", facts.IsRoot);
        writer.WriteStartObject("tools");
        foreach (var (name, value) in Tools(facts.Tools)) writer.WriteString(name, value);
        writer.WriteEndObject();
        WriteMap(writer, "problems", facts.Problems.ToDictionary(p => p.Key.ToString(), p => p.Value));
        WriteMap(writer, "cgroupBases", facts.CgroupBases);
        WriteMap(writer, "cgroupProblems", facts.CgroupProblems);
        writer.WriteEndObject();
    }

    private static HostFacts Read(JsonElement facts)
    {
        var tools = facts.GetProperty("tools");
        string? Tool(string name) => tools.GetProperty(name).GetString();
        return new HostFacts
        {
            IsRoot = facts.GetProperty("isRoot").GetBoolean(),
            Tools = new HostTools(Tool("shell"), Tool("env"), Tool("setsid"), Tool("bubblewrap"), Tool("unshare"), Tool("setpriv"), Tool("prlimit")),
            Problems = ReadMap(facts.GetProperty("problems")).ToDictionary(p => Enum.Parse<Mechanism>(p.Key), p => p.Value),
            CgroupBases = ReadMap(facts.GetProperty("cgroupBases")),
            CgroupProblems = ReadMap(facts.GetProperty("cgroupProblems")),
        };
    }

    private static IEnumerable<(string Name, string? Value)> Tools(HostTools tools) =>
    [
        ("shell", tools.Shell), ("env", tools.Env), ("setsid", tools.Setsid), ("bubblewrap", tools.Bubblewrap),
        ("unshare", tools.Unshare), ("setpriv", tools.Setpriv), ("prlimit", tools.Prlimit),
    ];

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map) writer.WriteString(key, value);
        writer.WriteEndObject();
    }

    private static Dictionary<string, string> ReadMap(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    private static string ReadTrimmed(string path) => File.ReadAllText(path).Trim();
}
