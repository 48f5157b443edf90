using System.Globalization;
using System.Security.Cryptography;

namespace Sandbox.Executors.Host.Cleanup;

/// <summary>
/// The name of one run's directory and cgroups: <c>sbx-&lt;owner pid&gt;-&lt;owner start ticks&gt;-&lt;random&gt;</c>. The owner is in
/// the name so that a sweep can tell an orphan from a live run even for a cgroup, which cannot hold an owner file.
/// </summary>
internal sealed record RunName(RunOwner Owner, string Token)
{
    /// <summary>Prefix of every run name.</summary>
    public const string Prefix = "sbx-";

    /// <summary>A fresh name owned by this process.</summary>
    public static RunName New() => new(RunOwner.Current, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));

    /// <summary>Parses a directory or cgroup name; <c>null</c> when it is not a run name.</summary>
    public static RunName? TryParse(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = name[Prefix.Length..].Split('-');
        if (parts.Length != 3 || parts[2].Length == 0) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        return new RunName(new RunOwner(pid, ticks), parts[2]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}{Owner.Pid}-{Owner.StartTicks}-{Token}";
}
