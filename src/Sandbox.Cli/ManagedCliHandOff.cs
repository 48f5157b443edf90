using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Sandbox.Cli;

/// <summary>
/// How the native CLI gives a command it cannot serve (anything that runs in this process) to the managed CLI next to
/// it: the process is replaced (<c>execv</c>) with the same arguments, so the caller sees one process whose output,
/// exit code and signals are the managed CLI's own.
/// </summary>
internal static partial class ManagedCliHandOff
{
    /// <summary>The managed CLI's launcher, next to the native one in the tool package.</summary>
    public const string FileName = "sandbox-managed";

    private const int SigPipe = 13;
    private const int SigSetMask = 2;

    /// <summary>Replaces this process with the managed CLI; returns only by exiting when that cannot start.</summary>
    [DoesNotReturn]
    public static void Exec()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        // argv[0] stays as the caller typed it, so `ps` and `pgrep -f "sandbox serve"` see the command they started.
        string?[] argv = [.. Environment.GetCommandLineArgs(), null];
        Console.Out.Flush();
        Console.Error.Flush();

        // An ignored signal stays ignored across exec, and .NET ignores SIGPIPE: the managed CLI would pass that on to
        // host-executor workloads (a `yes | head` would no longer end). A blocked one stays blocked too.
        _ = Signal(SigPipe, 0);
        Span<byte> empty = stackalloc byte[128];
        empty.Clear();
        _ = SetSignalMask(SigSetMask, ref MemoryMarshal.GetReference(empty), IntPtr.Zero);

        _ = ExecV(path, argv);
        var error = new Win32Exception(Marshal.GetLastPInvokeError()).Message;
        Console.Error.WriteLine($"sandbox: cannot start the managed CLI at {path} ({error}): reinstall the tool.");
        Environment.Exit(ExitCodes.FrameworkError);
    }

    /// <summary><see cref="Exec()"/> where a value is expected.</summary>
    [DoesNotReturn]
    public static T Exec<T>()
    {
        Exec();
        return default!;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecV(string path, string?[] argv);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static partial int SetSignalMask(int how, ref byte set, IntPtr old);
}
