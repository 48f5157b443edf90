namespace Sandbox.Abstractions;

/// <summary>An image is missing and its registry could not be reached to pull it (down, unknown host, TLS refused).</summary>
public sealed class RegistryUnavailableException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="image">The image reference.</param>
    /// <param name="registry">The registry, e.g. <c>localhost:5000</c> or <c>docker.io</c>.</param>
    /// <param name="detail">The engine's message.</param>
    /// <param name="remedy">What to do: start or point at a reachable registry, or build the image.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RegistryUnavailableException(string image, string registry, string detail, string remedy, Exception? innerException = null)
        : base($"Image '{image}' could not be pulled: registry {registry} is not reachable ({detail}); {remedy}", innerException)
    {
        Image = image;
        Registry = registry;
        Remedy = remedy;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.RegistryUnavailable;

    /// <summary>The image reference.</summary>
    public string Image { get; }

    /// <summary>The registry that could not be reached.</summary>
    public string Registry { get; }

    /// <summary>What to do.</summary>
    public string Remedy { get; }
}
