namespace Sandbox.Abstractions.Diagnostics;

/// <summary>
/// Whether this process runs in a CI job: <c>CI=true</c> or <c>CI=1</c>, as GitHub Actions, GitLab CI and most CI
/// systems set it. Tests fail rather than skip there; the CLI starts no daemon there.
/// </summary>
public static class ContinuousIntegration
{
    /// <summary>Whether <c>CI</c> says so.</summary>
    public static bool IsDetected => Environment.GetEnvironmentVariable("CI") is { } ci
                                     && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
}
