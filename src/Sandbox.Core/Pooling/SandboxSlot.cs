namespace Sandbox.Core.Pooling;

/// <summary>The right to keep one sandbox alive, from a <see cref="SandboxLimiter"/>. Disposing it gives the slot back (once).</summary>
public sealed class SandboxSlot : IDisposable
{
    private Action? _release;

    internal SandboxSlot(Action release) => _release = release;

    /// <summary>Gives the slot back; later calls do nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
