namespace Sandbox.Engines.DockerApi;

/// <summary>Where an engine's API listens.</summary>
/// <param name="Uri">The endpoint, e.g. <c>unix:///var/run/docker.sock</c> or <c>tcp://10.0.0.5:2375</c>.</param>
public sealed record EngineEndpoint(Uri Uri)
{
    /// <summary>
    /// The endpoint to use: <paramref name="configured"/> (from settings) first, then the dialect's environment variable
    /// (<c>DOCKER_HOST</c>, <c>PODMAN_HOST</c>), then the dialect's default socket.
    /// </summary>
    public static EngineEndpoint Resolve(EngineDialect dialect, string? configured, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var text = !string.IsNullOrWhiteSpace(configured) ? configured
            : environment(dialect.EndpointVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : dialect.DefaultEndpoint;
        // A bare socket path is accepted for convenience.
        if (text.StartsWith('/')) text = "unix://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https"))
            throw new InvalidOperationException($"'{text}' is not a {dialect.Name} endpoint; use unix:///path/to.sock or tcp://host:port.");
        return new EngineEndpoint(uri);
    }

    /// <summary>The socket path for a <c>unix://</c> endpoint, else <c>null</c>.</summary>
    public string? SocketPath => Uri.Scheme == "unix" ? Uri.LocalPath : null;

    /// <inheritdoc />
    public override string ToString() => Uri.Scheme == "unix" ? $"unix://{Uri.LocalPath}" : Uri.ToString();
}
