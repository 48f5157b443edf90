using System.Runtime.InteropServices;

namespace Sandbox.Executors.Host.Native;

/// <summary>The few libc calls .NET has no managed API for.</summary>
internal static partial class Libc
{
    public const int SIGKILL = 9;

    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;

    // O_NOFOLLOW is 0400000 on x86 but 0100000 on arm and most other Linux architectures.
    private static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 0x20000 : 0x8000;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownNative(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuidNative();

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId => GetEuidNative();

    /// <summary>Sends <paramref name="signal"/> to a process (or, with a negative id, a process group). Returns false when it is gone.</summary>
    public static bool Kill(int pid, int signal = SIGKILL) => KillNative(pid, signal) == 0;

    /// <summary>Changes the owner of a path without following a final symbolic link.</summary>
    public static void Lchown(string path, uint uid, uint gid)
    {
        if (LchownNative(path, uid, gid) != 0)
            throw new IOException($"lchown {path} to {uid}:{gid} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>
    /// Opens a file for reading without following a final symbolic link and without blocking on a FIFO, so that a
    /// sandbox cannot make the host read through a link or hang it with a named pipe.
    /// </summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenNoFollow(string path)
    {
        var fd = OpenNative(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0) throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }
}
