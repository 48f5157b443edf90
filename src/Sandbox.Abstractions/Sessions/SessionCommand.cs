namespace Sandbox.Abstractions;

/// <summary>One command run inside a session.</summary>
public sealed record SessionCommand
{
    /// <summary>A command with the session's defaults.</summary>
    public static SessionCommand For(params string[] command) => new() { Command = command };

    /// <summary>The argv: program first, then its arguments. No shell is involved.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Bytes written to standard input, which is then closed.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Variables added to (or overriding) the session's environment for this command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Working directory; <c>null</c> uses the session's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Timeout; <c>null</c> uses the session spec's <see cref="ResourceLimits.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Bytes kept per output stream; <c>null</c> uses the session spec's <see cref="ResourceLimits.OutputBytes"/>.</summary>
    public long? OutputBytes { get; init; }

    /// <summary>
    /// The run's egress policy, for a single-use session started with a pending one (<see cref="EgressPolicy.IsPending"/>,
    /// a warm pool's sandbox): its proxy enforces this from before the command starts. <c>null</c> for every other
    /// command; a session that cannot take it refuses the command with <see cref="InvalidOperationException"/>.
    /// </summary>
    public EgressPolicy? Egress { get; init; }

    /// <summary>Receives output lines while the command runs.</summary>
    public Action<OutputLine>? OnOutput { get; init; }
}
