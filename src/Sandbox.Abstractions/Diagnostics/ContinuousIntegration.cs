namespace Sandbox.Abstractions.Diagnostics;

/// <summary>
/// Whether this process runs in a CI job: <c>CI=true</c> (or <c>1</c>, <see cref="EnvironmentSwitch"/>), as GitHub
/// Actions, GitLab CI and most CI systems set it. Tests fail rather than skip there; the CLI starts no daemon there.
/// </summary>
public static class ContinuousIntegration
{
    /// <summary>Whether <c>CI</c> says so.</summary>
    public static bool IsDetected => EnvironmentSwitch.Read("CI") == true;
}
