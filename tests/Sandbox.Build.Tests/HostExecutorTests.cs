using Microsoft.Build.Framework;
using Sandbox.Build.Tests.Helpers;

namespace Sandbox.Build.Tests;

/// <summary>
/// The task on the real host executor: a harness template run, and cancellation that must leave neither a process
/// nor a run directory behind. The host executor's run directories go to a temp root of each test (sandbox.json).
/// </summary>
public sealed class HostExecutorTests : IDisposable
{
    private readonly ProjectFolder _project = new();
    private readonly string _tempRoot;

    public HostExecutorTests()
    {
        // The sandbox user (nobody) must be able to reach the run directories: temp folders are created 0700.
        if (!OperatingSystem.IsWindows()) _project.Directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        _tempRoot = Path.Combine(_project.Directory.FullName, "host-runs");
        Directory.CreateDirectory(_tempRoot);
        _project.Write("sandbox.json", $$"""{ "executors": { "host": { "tempRoot": "{{_tempRoot}}" } } }""");
    }

    public void Dispose() => _project.Dispose();

    private SandboxRun HostTask()
    {
        var task = _project.NewTask();
        task.Executor = "host";
        return task;
    }

    [Fact]
    public void A_template_run_returns_the_codes_result_as_standard_output()
    {
        _project.Write("add.py", "def handler(input):\n    print('adding')\n    return {'sum': input['a'] + input['b']}\n");
        _project.Write("input.json", """{ "a": 2, "b": 40 }""");
        var task = HostTask();
        task.Template = "python-handler";
        task.Code = "add.py";
        task.Input = "input.json";

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        Assert.Contains("\"sum\": 42", task.StandardOutput);
        Assert.Contains("adding", _project.Engine.MessagesAtLeast(MessageImportance.High));
        Assert.Empty(Directory.GetDirectories(_tempRoot));
    }

    [Fact]
    public void Code_that_raises_fails_the_step_with_SBXB014_and_the_exception()
    {
        _project.Write("broken.py", "def handler(input):\n    raise ValueError('no input for you')\n");
        var task = HostTask();
        task.Template = "python-handler";
        task.Code = "broken.py";

        Assert.False(task.Execute());

        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB014", error.Code);
        Assert.Contains("ValueError: no input for you", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_build_stops_the_command_and_removes_its_sandbox()
    {
        var marker = "sbx-cancel-" + Guid.NewGuid().ToString("N");
        var task = HostTask();
        task.Command = $"sh -c 'echo started; sleep 120; echo {marker}'";
        task.Timeout = "5m";
        var cancellationToken = TestContext.Current.CancellationToken;

        var execution = Task.Run(task.Execute, cancellationToken);
        await _project.Engine.WaitForMessageAsync("started", cancellationToken);
        task.Cancel();
        var succeeded = await execution.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.False(succeeded);
        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB015", error.Code);
        Assert.Contains("sandbox: cancelled; the sandbox was removed", _project.Engine.MessagesAtLeast(MessageImportance.Low));
        Assert.Equal(0, ProcessesWithArgumentContaining(marker));
        Assert.Empty(Directory.GetDirectories(_tempRoot));
    }

    // The command's shell carries the marker in its -c argument; any process still holding it is a leak.
    private static int ProcessesWithArgumentContaining(string marker) =>
        Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(dir), out _) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
}
