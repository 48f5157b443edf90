namespace Sandbox.Abstractions;

/// <summary>What an executor enforces on this machine, probed when it starts.</summary>
public sealed record ExecutorCapabilities
{
    /// <summary>The isolation this executor provides when every advertised feature is in use.</summary>
    public required IsolationLevel IsolationLevel { get; init; }

    /// <summary>Features this executor honours. Timeouts and output caps are mandatory for every executor.</summary>
    public required SandboxFeatures Features { get; init; }

    /// <summary>Why features are missing on this machine, keyed by feature, so errors and <c>sandbox doctor</c> can say why.</summary>
    public IReadOnlyDictionary<SandboxFeatures, string> Limitations { get; init; } = new Dictionary<SandboxFeatures, string>();

    /// <summary>Whether this executor supports <paramref name="feature"/> (every flag of it).</summary>
    public bool Supports(SandboxFeatures feature) => (Features & feature) == feature;

    /// <summary>The features in <paramref name="required"/> that this executor cannot enforce.</summary>
    public SandboxFeatures Missing(SandboxFeatures required) => required & ~Features;
}
