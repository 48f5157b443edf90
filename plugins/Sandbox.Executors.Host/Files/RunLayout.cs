namespace Sandbox.Executors.Host.Files;

/// <summary>
/// The host-side files of one run, all under one directory named after the run:
/// <c>owner</c> (who created it), <c>work/</c> (the working directory), <c>tmp/</c> (mount point of the private /tmp),
/// <c>seccomp.bpf</c> and <c>status</c> (the wrapper reports that the sandbox started).
/// </summary>
/// <param name="RunDirectory">The run's directory.</param>
internal sealed record RunLayout(string RunDirectory)
{
    /// <summary>The owner marker: pid, start ticks and request id of the host process that created the run.</summary>
    public string OwnerFile => Path.Join(RunDirectory, "owner");

    /// <summary>The working directory (bound onto the sandbox working directory inside namespaces).</summary>
    public string WorkDirectory => Path.Join(RunDirectory, "work");

    /// <summary>Mount point of the private /tmp, seen only inside the run's mount namespace.</summary>
    public string TmpMountPoint => Path.Join(RunDirectory, "tmp");

    /// <summary>The seccomp program bubblewrap loads.</summary>
    public string SeccompFile => Path.Join(RunDirectory, "seccomp.bpf");

    /// <summary>Written once the sandbox is set up (bubblewrap's JSON status, or a line from the wrapper).</summary>
    public string StatusFile => Path.Join(RunDirectory, "status");
}
