using System.Globalization;
using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Running;

/// <summary>The numeric user and group a workload runs as, resolved from <see cref="SecurityProfile.User"/>.</summary>
internal readonly record struct SandboxUser(uint Uid, uint Gid)
{
    /// <summary>Whether this is root.</summary>
    public bool IsRoot => Uid == 0;

    /// <summary>
    /// Resolves <c>uid</c>, <c>uid:gid</c>, <c>name</c> or <c>name:group</c> against the host's /etc/passwd and /etc/group
    /// (the namespace sandbox shows the same /etc). A missing group is the user's primary group, or the uid for a
    /// numeric user that has no passwd entry.
    /// </summary>
    /// <exception cref="InvalidRequestException">The user or group is unknown or malformed.</exception>
    public static SandboxUser Resolve(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
            throw new InvalidRequestException("security.user", $"'{spec}' is not 'uid', 'uid:gid', 'name' or 'name:group'");
        var passwd = ReadDatabase("/etc/passwd");
        var (uid, primaryGid) = ResolveUser(parts[0], passwd, spec);
        var gid = parts.Length == 2 ? ResolveId(parts[1], ReadDatabase("/etc/group"), "group", spec) : primaryGid ?? uid;
        return new SandboxUser(uid, gid);
    }

    private static (uint Uid, uint? PrimaryGid) ResolveUser(string user, IReadOnlyList<string[]> passwd, string spec)
    {
        // By name first, then by number (for the primary group of a numeric user).
        var entry = passwd.FirstOrDefault(e => e[0] == user) ?? passwd.FirstOrDefault(e => e[2] == user);
        if (entry is not null) return (uint.Parse(entry[2], CultureInfo.InvariantCulture), uint.TryParse(entry[3], CultureInfo.InvariantCulture, out var g) ? g : null);
        return (ResolveId(user, [], "user", spec), null);
    }

    private static uint ResolveId(string value, IReadOnlyList<string[]> database, string kind, string spec)
    {
        if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        var entry = database.FirstOrDefault(e => e[0] == value)
                    ?? throw new InvalidRequestException("security.user", $"{kind} '{value}' of '{spec}' does not exist on this host; use a numeric id");
        return uint.Parse(entry[2], CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<string[]> ReadDatabase(string path)
    {
        try
        {
            return [.. File.ReadLines(path).Select(l => l.Split(':')).Where(f => f.Length >= 4 && uint.TryParse(f[2], CultureInfo.InvariantCulture, out _))];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
