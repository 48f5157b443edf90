namespace Sandbox.Core.Sessions;

/// <summary>What a test runner's output says: counts, the failed tests' names, coverage when reported.</summary>
/// <param name="Framework">The runner whose format was recognised.</param>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests that failed (errors included).</param>
/// <param name="Skipped">Tests skipped, pending or ignored.</param>
/// <param name="FailedTests">Names of the failed tests, as the runner prints them.</param>
/// <param name="CoveragePercent">Total line/statement coverage when the runner reported it.</param>
public sealed record TestReport(TestFramework Framework, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedTests, double? CoveragePercent = null)
{
    /// <summary>All tests counted.</summary>
    public int Total => Passed + Failed + Skipped;
}
