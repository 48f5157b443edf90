namespace Sandbox.Abstractions;

/// <summary>Whether an executor can run requests now, with details a person can act on.</summary>
/// <param name="Healthy">Whether requests can run.</param>
/// <param name="Summary">One line, e.g. "docker 20.10.24 (API 1.41), image present".</param>
public sealed record HealthReport(bool Healthy, string Summary)
{
    /// <summary>Individual checks (engine reachable, API version, image present, ...).</summary>
    public IReadOnlyList<HealthCheck> Checks { get; init; } = [];

    /// <summary>A healthy report.</summary>
    public static HealthReport Ok(string summary, params HealthCheck[] checks) => new(true, summary) { Checks = checks };

    /// <summary>An unhealthy report.</summary>
    public static HealthReport Failing(string summary, params HealthCheck[] checks) => new(false, summary) { Checks = checks };
}

/// <summary>One health check.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">What was seen.</param>
/// <param name="Remedy">The exact command or step that fixes it, when it failed.</param>
public sealed record HealthCheck(string Name, bool Passed, string Detail, string? Remedy = null);
