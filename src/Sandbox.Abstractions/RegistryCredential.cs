namespace Sandbox.Abstractions;

/// <summary>
/// Credentials for pulling a request's image from its registry, for callers who hold them per request (a server
/// relaying its client's, a CI job's token) rather than in the executor's settings or the engine's login file. They
/// go to the engine for the pull and nowhere else: never serialized with the request, never logged.
/// </summary>
/// <param name="Username">The registry user name.</param>
/// <param name="Password">The password or access token.</param>
public sealed record RegistryCredential(string Username, string Password)
{
    /// <summary>The user name only: the password never reaches a log through a request's <c>ToString</c>.</summary>
    public override string ToString() => $"{Username}:***";
}
