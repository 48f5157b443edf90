using Xunit;

namespace Sandbox.Testing;

/// <summary>
/// Gates tests that need a real engine or tool. On a developer machine a missing engine skips the test with the
/// reason and the command that fixes it; with <c>CI=true</c> it fails, because CI must prove the integration.
/// </summary>
public static class EngineGate
{
    /// <summary>Whether the tests run in CI (<c>CI=true</c> or <c>CI=1</c>).</summary>
    public static bool IsCi => Abstractions.Diagnostics.ContinuousIntegration.IsDetected;

    /// <summary>Skips (locally) or fails (in CI) the current test unless <paramref name="available"/>.</summary>
    /// <param name="available">Whether the engine or tool can be used.</param>
    /// <param name="what">What is missing, e.g. "Docker engine at unix:///var/run/docker.sock".</param>
    /// <param name="remedy">How to make it available, e.g. "run build/setup.sh".</param>
    public static void Require(bool available, string what, string remedy)
    {
        if (available) return;
        var message = $"{what} is not available: {remedy}";
        if (IsCi) Assert.Fail($"{message} (CI=true: engine-backed tests must run, not skip)");
        Assert.Skip(message);
    }
}
