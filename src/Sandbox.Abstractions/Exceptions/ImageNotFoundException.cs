namespace Sandbox.Abstractions;

/// <summary>The requested image is not present and could not be pulled or built.</summary>
public sealed class ImageNotFoundException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="image">The image reference.</param>
    /// <param name="remedy">How to obtain it (the build script or a pull command).</param>
    /// <param name="innerException">The underlying failure.</param>
    public ImageNotFoundException(string image, string remedy, Exception? innerException = null)
        : base($"Image '{image}' is not available: {remedy}", innerException)
    {
        Image = image;
        Remedy = remedy;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.ImageNotFound;

    /// <summary>The image reference.</summary>
    public string Image { get; }

    /// <summary>How to obtain the image.</summary>
    public string Remedy { get; }
}
