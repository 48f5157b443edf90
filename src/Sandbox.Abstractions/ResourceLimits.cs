namespace Sandbox.Abstractions;

/// <summary>
/// Resource ceilings for one run. The defaults are the secure defaults; <c>null</c> means "no limit" and must be
/// chosen explicitly (the SBX analyzers flag it).
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>Default memory ceiling: 512 MiB.</summary>
    public const long DefaultMemoryBytes = 512L * 1024 * 1024;

    /// <summary>Default timeout: 30 seconds.</summary>
    public static TimeSpan DefaultTimeout => TimeSpan.FromSeconds(30);

    /// <summary>The defaults: 512 MiB memory without swap, one CPU, 128 processes, 30 s, 64 MiB /tmp, 1 MiB per output stream.</summary>
    public static ResourceLimits Default { get; } = new();

    /// <summary>Memory ceiling in bytes; swap is never granted beyond it. <c>null</c> = unlimited.</summary>
    public long? MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>CPU quota in cores (0.5 = half a core). <c>null</c> = unlimited.</summary>
    public double? Cpus { get; init; } = 1.0;

    /// <summary>Maximum number of processes and threads. <c>null</c> = unlimited.</summary>
    public int? Pids { get; init; } = 128;

    /// <summary>Wall-clock limit after which the sandbox is killed. <c>null</c> or <see cref="Timeout.InfiniteTimeSpan"/> = none.</summary>
    public TimeSpan? Timeout { get; init; } = DefaultTimeout;

    /// <summary>Size of the writable /tmp (and working directory) in bytes.</summary>
    public long TmpfsBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Bytes kept per output stream (stdout and stderr each); the rest is drained and discarded.</summary>
    public long OutputBytes { get; init; } = 1024L * 1024;

    /// <summary>Total bytes of files collected out of the sandbox.</summary>
    public long CollectedFilesBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Open file descriptors (RLIMIT_NOFILE). <c>null</c> = the executor's own default.</summary>
    public int? OpenFiles { get; init; } = 1024;

    /// <summary>Largest single file the workload may write (RLIMIT_FSIZE). <c>null</c> = unlimited.</summary>
    public long? FileSizeBytes { get; init; }

    /// <summary>Whether a finite, positive timeout is set.</summary>
    public bool HasTimeout => Timeout is { } t && t > TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan;
}
