using Sandbox.Core.Sessions;
using Sandbox.Core.Sessions.Parsing;

namespace Sandbox.Core.Tests.Sessions;

/// <summary>
/// The runner parsers against outputs captured from the real tools (Outputs/*.txt, paths shortened to /src). The
/// Maven and Gradle ones (*.reconstructed.txt) follow those tools' documented formats: this machine reaches no Maven
/// repository, so neither could run here.
/// </summary>
public sealed class TestOutputParserTests
{
    private static string Output(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sessions", "Outputs", name));

    [Fact]
    public void Pytest_counts_and_failed_tests_with_parameters()
    {
        var report = PytestOutputParser.Parse(Output("pytest-fail.txt"));

        Assert.Equal(new TestReport(TestFramework.Pytest, 3, 2, 1, report!.FailedTests), report);
        Assert.Equal(["test_calc.py::test_sub", "test_calc.py::test_param[2]"], report.FailedTests);
        Assert.Null(report.CoveragePercent);
    }

    [Fact]
    public void Pytest_coverage_comes_from_the_total_line()
    {
        var report = PytestOutputParser.Parse(Output("pytest-cov-pass.txt"))!;

        Assert.Equal((2, 0, 0), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(73, report.CoveragePercent);
    }

    [Fact]
    public void Jest_counts_nested_failed_tests_and_statement_coverage()
    {
        var report = JestOutputParser.Parse(Output("jest-coverage-fail.txt"))!;

        Assert.Equal((1, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["subtracts", "group › nested fails"], report.FailedTests);
        Assert.Equal(66.66, report.CoveragePercent);
    }

    [Fact]
    public void Node_test_runner_TAP_counts_skips_and_failures()
    {
        var report = TapOutputParser.Parse(Output("node-test-fail.txt"))!;

        Assert.Equal((1, 1, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["subtracts numbers"], report.FailedTests);
    }

    [Fact]
    public void Go_test_counts_leaf_tests_and_coverage()
    {
        var report = GoTestOutputParser.Parse(Output("go-test-fail.txt"))!;

        Assert.Equal((2, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["TestSub", "TestTable/two"], report.FailedTests);
        Assert.Equal(100, report.CoveragePercent);
    }

    [Fact]
    public void Rspec_counts_pending_and_names_failed_examples()
    {
        var report = RspecOutputParser.Parse(Output("rspec-fail.txt"))!;

        Assert.Equal((1, 1, 2), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["Calc subtracts"], report.FailedTests);
    }

    [Fact]
    public void Minitest_through_rake_counts_errors_as_failures()
    {
        var report = MinitestOutputParser.Parse(Output("rake-minitest-fail.txt"))!;

        Assert.Equal((1, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["TestCalc#test_error", "TestCalc#test_sub"], report.FailedTests);
    }

    [Fact]
    public void Dotnet_test_sums_the_assembly_summary()
    {
        var report = DotnetTestOutputParser.Parse(Output("dotnet-test-fail.txt"))!;

        Assert.Equal((1, 1, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["Calc.Tests.CalcTests.Subtracts"], report.FailedTests);
    }

    [Fact]
    public void Maven_takes_the_results_total_and_the_listed_failures()
    {
        var report = MavenOutputParser.Parse(Output("maven-surefire-fail.reconstructed.txt"))!;

        Assert.Equal((2, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["CalcTest.subtracts", "ParserTest.parsesEmpty"], report.FailedTests);
    }

    [Fact]
    public void Gradle_takes_its_summary_and_failed_lines()
    {
        var report = GradleOutputParser.Parse(Output("gradle-test-fail.reconstructed.txt"))!;

        Assert.Equal((3, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.Equal(["CalcTest > subtracts()", "CalcTest > nested test > parses()"], report.FailedTests);
    }

    [Theory]
    [InlineData("pytest-fail.txt", TestFramework.Pytest)]
    [InlineData("jest-coverage-fail.txt", TestFramework.Jest)]
    [InlineData("node-test-fail.txt", TestFramework.Tap)]
    [InlineData("go-test-fail.txt", TestFramework.GoTest)]
    [InlineData("rspec-fail.txt", TestFramework.RSpec)]
    [InlineData("rake-minitest-fail.txt", TestFramework.Minitest)]
    [InlineData("dotnet-test-fail.txt", TestFramework.DotnetTest)]
    [InlineData("maven-surefire-fail.reconstructed.txt", TestFramework.Maven)]
    [InlineData("gradle-test-fail.reconstructed.txt", TestFramework.Gradle)]
    public void An_unnamed_runner_is_recognised_from_its_output(string file, TestFramework expected)
    {
        Assert.Equal(expected, TestOutputParser.Parse(TestFramework.Unknown, Output(file))?.Framework);
    }

    [Fact]
    public void Output_without_any_summary_is_not_parsed()
    {
        Assert.Null(TestOutputParser.Parse(TestFramework.Unknown, "hello\nworld\n"));
    }

    [Theory]
    [InlineData("dotnet", "dotnet-build-fail.txt", 1, 1)]
    [InlineData("go", "go-build-fail.txt", 2, 0)]
    [InlineData("python", "compileall-fail.txt", 1, null)]
    public void Build_errors_and_warnings_are_counted(string tool, string file, int errors, int? warnings)
    {
        Assert.Equal((errors, warnings), BuildOutputParser.Parse(tool, Output(file)));
    }
}
