namespace Sandbox.Core.Sessions;

/// <summary>How <see cref="SessionOperations.RunTestsAsync"/> (and <see cref="SessionOperations.RunBuildAsync"/>) run.</summary>
public sealed record TestRunOptions
{
    /// <summary>Defaults: detect the command, the session's timeout.</summary>
    public static TestRunOptions Default { get; } = new();

    /// <summary>An explicit command instead of detection (argv; use <c>/bin/sh -c</c> for a shell line).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The runner whose output <see cref="Command"/> prints; <see cref="TestFramework.Unknown"/> recognises it from the output.</summary>
    public TestFramework Framework { get; init; }

    /// <summary>Timeout of the run; <c>null</c> uses the session's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Bytes of output kept per stream; <c>null</c> uses the session's.</summary>
    public long? OutputBytes { get; init; }

    /// <summary>Receives output lines while the command runs.</summary>
    public Action<Sandbox.Abstractions.OutputLine>? OnOutput { get; init; }
}
