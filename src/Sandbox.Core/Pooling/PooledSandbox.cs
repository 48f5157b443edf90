using System.Diagnostics;
using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>A warm sandbox: a session started ahead of time, the limiter slot it holds, and its key's bookkeeping.</summary>
internal sealed class PooledSandbox(ISandboxSession session, SandboxSlot slot, KeyState owner)
{
    public ISandboxSession Session => session;

    public SandboxSlot Slot => slot;

    public KeyState Owner => owner;

    /// <summary>When it last became ready (a <see cref="Stopwatch"/> timestamp).</summary>
    public long IdleSince { get; set; } = Stopwatch.GetTimestamp();

    /// <summary>When it was last known healthy: created, or a health check passed.</summary>
    public long VerifiedAt { get; set; } = Stopwatch.GetTimestamp();
}
