namespace Sandbox.Abstractions;

/// <summary>An image could not be pulled because its registry refused the credentials, or asked for some and none were found.</summary>
public sealed class RegistryUnauthorizedException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="image">The image reference.</param>
    /// <param name="registry">The registry, e.g. <c>localhost:5000</c> or <c>docker.io</c>.</param>
    /// <param name="detail">The registry's answer and where credentials were looked for.</param>
    /// <param name="remedy">How to provide credentials.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RegistryUnauthorizedException(string image, string registry, string detail, string remedy, Exception? innerException = null)
        : base($"Registry {registry} refused to serve image '{image}' ({detail}): {remedy}", innerException)
    {
        Image = image;
        Registry = registry;
        Remedy = remedy;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.RegistryUnauthorized;

    /// <summary>The image reference.</summary>
    public string Image { get; }

    /// <summary>The registry that refused.</summary>
    public string Registry { get; }

    /// <summary>How to provide credentials.</summary>
    public string Remedy { get; }
}
