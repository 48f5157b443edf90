namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Credentials for one registry in the executor's settings (<c>registryAuth</c>). Write the password as
/// <c>${VARIABLE}</c> to keep it out of <c>sandbox.json</c>.
/// </summary>
public sealed record RegistryLogin
{
    /// <summary>User name.</summary>
    public string Username { get; init; } = "";

    /// <summary>Password or access token.</summary>
    public string Password { get; init; } = "";
}
