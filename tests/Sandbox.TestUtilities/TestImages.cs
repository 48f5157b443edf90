namespace Sandbox.TestUtilities;

/// <summary>
/// The base images the repository builds, read from build/images/images.env — the one place they are named.
/// </summary>
public static class TestImages
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(() => Parse(RepositoryLayout.PathOf("build", "images", "images.env")));

    /// <summary>Minimal Debian with python3.</summary>
    public static string Python => Get("SANDBOX_IMAGE_PYTHON");

    /// <summary>Python with pytest.</summary>
    public static string PythonPytest => Get("SANDBOX_IMAGE_PYTHON_PYTEST");

    /// <summary>Minimal Debian with node.</summary>
    public static string Node => Get("SANDBOX_IMAGE_NODE");

    /// <summary>Podman API socket the setup scripts start.</summary>
    public static string PodmanSocket => Get("SANDBOX_PODMAN_SOCKET");

    /// <summary>Docker API socket.</summary>
    public static string DockerSocket => Get("SANDBOX_DOCKER_SOCKET");

    /// <summary>A value from images.env.</summary>
    public static string Get(string key) =>
        Settings.Value.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{key} is not set in build/images/images.env");

    /// <summary>Parses KEY=value lines, ignoring blanks and # comments.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
}
