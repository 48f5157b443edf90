using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sandbox.Executors.Host.Seccomp;

/// <summary>
/// Builds the classic-BPF seccomp program bubblewrap loads with <c>--seccomp FD</c>: a deny list in the spirit of
/// Docker's default profile. It kills processes of any other architecture (so the i386 entry point cannot bypass it),
/// refuses the x32 ABI, refuses kernel-administration, mount, namespace, keyring, BPF, perf, io_uring and
/// cross-process memory calls with EPERM, refuses namespace flags on clone, and answers clone3 with ENOSYS so that
/// libc falls back to clone, whose flags a BPF filter can inspect.
/// </summary>
internal static class SeccompFilter
{
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint X32SyscallBit = 0x40000000;
    private const int ArchOffset = 4;
    private const int NrOffset = 0;
    private const int FirstArgOffset = 16; // low 32 bits of args[0] on a little-endian machine

    // CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
    private const uint NamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    private const uint RetKillProcess = 0x80000000;
    private const uint RetAllow = 0x7FFF0000;
    private const uint RetErrno = 0x00050000;
    private const uint Eperm = 1;
    private const uint Enosys = 38;

    private const ushort LdAbs = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private const ushort JeqK = 0x15;    // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JgeK = 0x35;    // BPF_JMP | BPF_JGE | BPF_K
    private const ushort JsetK = 0x45;   // BPF_JMP | BPF_JSET | BPF_K
    private const ushort RetK = 0x06;    // BPF_RET | BPF_K

    private const uint Clone = 56;
    private const uint Clone3 = 435;

    /// <summary>x86_64 numbers of the refused system calls.</summary>
    internal static readonly IReadOnlyDictionary<string, uint> Denied = new Dictionary<string, uint>
    {
        ["ptrace"] = 101, ["syslog"] = 103, ["uselib"] = 134, ["ustat"] = 136, ["sysfs"] = 139, ["vhangup"] = 153,
        ["pivot_root"] = 155, ["_sysctl"] = 156, ["acct"] = 163, ["settimeofday"] = 164, ["mount"] = 165, ["umount2"] = 166,
        ["swapon"] = 167, ["swapoff"] = 168, ["reboot"] = 169, ["iopl"] = 172, ["ioperm"] = 173, ["create_module"] = 174,
        ["init_module"] = 175, ["delete_module"] = 176, ["get_kernel_syms"] = 177, ["query_module"] = 178, ["quotactl"] = 179,
        ["nfsservctl"] = 180, ["lookup_dcookie"] = 212, ["clock_settime"] = 227, ["kexec_load"] = 246, ["add_key"] = 248,
        ["request_key"] = 249, ["keyctl"] = 250, ["unshare"] = 272, ["move_pages"] = 279, ["perf_event_open"] = 298,
        ["name_to_handle_at"] = 303, ["open_by_handle_at"] = 304, ["clock_adjtime"] = 305, ["setns"] = 308,
        ["process_vm_readv"] = 310, ["process_vm_writev"] = 311, ["kcmp"] = 312, ["finit_module"] = 313,
        ["kexec_file_load"] = 320, ["bpf"] = 321, ["userfaultfd"] = 323, ["io_uring_setup"] = 425, ["io_uring_enter"] = 426,
        ["io_uring_register"] = 427, ["open_tree"] = 428, ["move_mount"] = 429, ["fsopen"] = 430, ["fsconfig"] = 431,
        ["fsmount"] = 432, ["fspick"] = 433, ["mount_setattr"] = 442, ["quotactl_fd"] = 443,
    };

    /// <summary>Whether a filter can be built for this machine's architecture.</summary>
    public static bool IsSupported => RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>The program as bytes (<c>struct sock_filter[]</c>, 8 bytes per instruction, native endianness).</summary>
    public static byte[] Build()
    {
        var program = new List<(ushort Code, byte Jt, byte Jf, uint K)>();
        var denied = Denied.Values.Order().ToArray();

        // Layout: header (5), one jump per denied call, the clone3 and clone checks (4), then the returns. Classic BPF
        // only jumps forward, so every check precedes the return block it jumps to.
        var returns = 5 + denied.Length + 4;
        int allow = returns, eperm = returns + 1, enosys = returns + 2;
        byte To(int target) => checked((byte)(target - program.Count - 1));

        program.Add((LdAbs, 0, 0, ArchOffset));
        program.Add((JeqK, 1, 0, AuditArchX8664));
        program.Add((RetK, 0, 0, RetKillProcess));
        program.Add((LdAbs, 0, 0, NrOffset));
        program.Add((JgeK, To(eperm), 0, X32SyscallBit));
        foreach (var nr in denied) program.Add((JeqK, To(eperm), 0, nr));
        program.Add((JeqK, To(enosys), 0, Clone3));
        program.Add((JeqK, 0, To(allow), Clone));
        program.Add((LdAbs, 0, 0, FirstArgOffset));
        program.Add((JsetK, To(eperm), To(allow), NamespaceFlags));

        program.Add((RetK, 0, 0, RetAllow));
        program.Add((RetK, 0, 0, RetErrno | Eperm));
        program.Add((RetK, 0, 0, RetErrno | Enosys));

        var bytes = new byte[program.Count * 8];
        for (var i = 0; i < program.Count; i++)
        {
            var (code, jt, jf, k) = program[i];
            var slot = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, code);
            slot[2] = jt;
            slot[3] = jf;
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], k);
        }

        return bytes;
    }
}
