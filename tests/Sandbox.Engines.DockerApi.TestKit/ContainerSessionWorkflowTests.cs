using Sandbox.Abstractions;
using Sandbox.Core.Sessions;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>The agent workflow on real images: apply a change, run the tests, read which test broke, fix it.</summary>
public abstract class ContainerSessionWorkflowTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Calc = "def add(a, b):\n    return a + b\n";
    private const string CalcTests = "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n\ndef test_add_zero():\n    assert add(0, 7) == 7\n";

    [Fact]
    public async Task A_python_change_that_breaks_a_test_is_reported_by_name_and_the_fix_passes()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with
        {
            Image = TestImages.PythonPytest,
            Files = [SandboxFile.FromText("calc.py", Calc), SandboxFile.FromText("test_calc.py", CalcTests)],
        });

        var green = await session.RunTestsAsync(cancellationToken: Ct);
        await session.ApplyChangesAsync([FileChange.Write("calc.py", "def add(a, b):\n    return a + b if a else 0\n")], Ct);
        var broken = await session.RunTestsAsync(cancellationToken: Ct);
        await session.ApplyChangesAsync([FileChange.Write("calc.py", Calc)], Ct);
        var fixedAgain = await session.RunTestsAsync(cancellationToken: Ct);

        Assert.Equal(TestFramework.Pytest, broken.Framework);
        Assert.True(green.Succeeded, green.Execution.Stdout);
        Assert.Equal((1, 1), (broken.Passed, broken.Failed));
        Assert.Equal(["test_calc.py::test_add_zero"], broken.FailedTests);
        Assert.False(broken.Succeeded);
        Assert.True(fixedAgain.Succeeded);
        Assert.Equal((2, 0), (fixedAgain.Passed, fixedAgain.Failed));
    }

    [Fact]
    public async Task A_node_workspace_without_npm_runs_its_test_script_and_node_test_output_is_parsed()
    {
        const string tests = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('./calc');\n"
                             + "test('adds', () => assert.strictEqual(add(1, 2), 3));\ntest('adds zero', () => assert.strictEqual(add(0, 2), 2));\n";
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with
        {
            Image = TestImages.Node,
            Files =
            [
                SandboxFile.FromText("package.json", """{ "name": "calc", "scripts": { "test": "node --test" } }"""),
                SandboxFile.FromText("calc.js", "exports.add = (a, b) => a + b;\n"),
                SandboxFile.FromText("test.js", tests),
            ],
        });

        var green = await session.RunTestsAsync(cancellationToken: Ct);
        await session.ApplyChangesAsync([FileChange.Write("calc.js", "exports.add = (a, b) => a ? a + b : 0;\n")], Ct);
        var broken = await session.RunTestsAsync(cancellationToken: Ct);
        var build = await session.RunBuildAsync(cancellationToken: Ct);

        Assert.Equal(TestFramework.Tap, green.Framework);
        Assert.Equal((2, 0), (green.Passed, green.Failed));
        Assert.Equal(["adds zero"], broken.FailedTests);
        Assert.True(build.Succeeded, build.Execution.Stderr);
    }

    [Fact]
    public async Task Changes_are_checked_before_any_is_applied()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Files = [SandboxFile.FromText("keep.txt", "kept")] });

        await Assert.ThrowsAsync<InvalidRequestException>(() => session.ApplyChangesAsync([FileChange.Delete("keep.txt"), FileChange.Write("../escape.txt", "x")], Ct));
        var after = await session.ExecAsync(SessionCommand.For("cat", "keep.txt"), Ct);

        Assert.Equal("kept", after.Stdout);
    }

    [Fact]
    public async Task A_python_build_reports_syntax_errors()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Files = [SandboxFile.FromText("good.py", "x = 1\n"), SandboxFile.FromText("bad.py", "def f(:\n")] });

        var build = await session.RunBuildAsync(cancellationToken: Ct);

        Assert.Equal("python", build.Tool);
        Assert.False(build.Succeeded);
        Assert.Equal(1, build.Errors);
    }
}
