using System.Reflection;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Values from <c>build/images/images.env</c> (the one place image names and sockets live), embedded into this
/// assembly at build time so the shipped plugins need no repository checkout.
/// </summary>
public static class BuildDefaults
{
    private static readonly IReadOnlyDictionary<string, string> Values = typeof(BuildDefaults).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("images.env:", StringComparison.Ordinal) && a.Value is not null)
        .ToDictionary(a => a.Key["images.env:".Length..], a => a.Value!, StringComparer.Ordinal);

    /// <summary>The default image: Debian with Python 3.</summary>
    public static string PythonImage => Get("SANDBOX_IMAGE_PYTHON");

    /// <summary>Podman's Docker-compatible API socket path.</summary>
    public static string PodmanSocket => Get("SANDBOX_PODMAN_SOCKET");

    /// <summary>Docker's API socket path.</summary>
    public static string DockerSocket => Get("SANDBOX_DOCKER_SOCKET");

    /// <summary>The script that builds the base images (there is no registry to pull them from).</summary>
    public const string BuildImagesScript = "build/images/build-images.sh";

    private static string Get(string key) => Values.TryGetValue(key, out var value) && value.Length > 0
        ? value
        : throw new InvalidOperationException($"{key} was not embedded from build/images/images.env when this assembly was built.");
}
