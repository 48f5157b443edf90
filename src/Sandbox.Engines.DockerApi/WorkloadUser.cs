using System.Globalization;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The numeric owner for the directories the layer prepares for the workload. <c>SecurityProfile.User</c> may be a
/// name that only the image's passwd file resolves; then the owner is unknown and directories are made
/// world-writable instead (only the workload runs in the sandbox).
/// </summary>
internal readonly record struct WorkloadUser(int? Uid, int? Gid)
{
    /// <summary>Whether both uid and gid are known, so that the layer can hand directories to the user.</summary>
    public bool HasNumericOwner => Uid is not null && Gid is not null;

    public static WorkloadUser Parse(string user)
    {
        var parts = user.Split(':', 2);
        if (!TryId(parts[0], out var uid)) return default;
        if (parts.Length == 1) return new(uid, uid);
        return TryId(parts[1], out var gid) ? new(uid, gid) : new(uid, null);
    }

    /// <summary>Directory mode for a scratch root: owner-only when the owner is known.</summary>
    public int DirectoryMode => HasNumericOwner ? 0x1C0 /* 0700 */ : 0x3FF /* 01777, like /tmp */;

    private static bool TryId(string text, out int id) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
