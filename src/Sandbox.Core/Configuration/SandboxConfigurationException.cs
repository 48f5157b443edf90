using Sandbox.Abstractions;

namespace Sandbox.Core.Configuration;

/// <summary>A configuration file or option is invalid. The message names the key and the problem.</summary>
public sealed class SandboxConfigurationException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">Where the setting came from: a file path or "command line".</param>
    /// <param name="key">The offending key, e.g. <c>defaults.memory</c> or <c>--memory</c>.</param>
    /// <param name="problem">What is wrong and, where possible, what a valid value looks like.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SandboxConfigurationException(string source, string key, string problem, Exception? innerException = null)
        : base($"{source}: {key}: {problem}", innerException)
    {
        Source = source;
        Key = key;
        Problem = problem;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.Configuration;

    /// <summary>Where the setting came from.</summary>
    public new string Source { get; }

    /// <summary>The offending key.</summary>
    public string Key { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
