namespace Sandbox.Core.Sessions.Parsing;

/// <summary>Picks the parser for a runner, or recognises the runner from its output.</summary>
public static class TestOutputParser
{
    // Most specific summaries first: a TAP line can appear in other runners' output, a Jest summary cannot.
    private static readonly (TestFramework Framework, Func<string, TestReport?> Parse)[] Parsers =
    [
        (TestFramework.Pytest, PytestOutputParser.Parse),
        (TestFramework.Jest, JestOutputParser.Parse),
        (TestFramework.DotnetTest, DotnetTestOutputParser.Parse),
        (TestFramework.Maven, MavenOutputParser.Parse),
        (TestFramework.RSpec, RspecOutputParser.Parse),
        (TestFramework.Minitest, MinitestOutputParser.Parse),
        (TestFramework.Gradle, GradleOutputParser.Parse),
        (TestFramework.GoTest, GoTestOutputParser.Parse),
        (TestFramework.Tap, TapOutputParser.Parse),
    ];

    /// <summary>
    /// Parses <paramref name="output"/> as <paramref name="framework"/>'s; with <see cref="TestFramework.Unknown"/>, or when
    /// the named runner's format is not found (a wrapper script may run another), every format is tried.
    /// </summary>
    public static TestReport? Parse(TestFramework framework, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (framework != TestFramework.Unknown && Parsers.First(p => p.Framework == framework).Parse(output) is { } report) return report;
        foreach (var (_, parse) in Parsers)
        {
            if (parse(output) is { } recognised) return recognised;
        }

        return null;
    }
}
