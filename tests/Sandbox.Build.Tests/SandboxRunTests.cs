using System.Text.Json;
using Microsoft.Build.Framework;
using Sandbox.Build.Tests.Helpers;

namespace Sandbox.Build.Tests;

/// <summary>The task driving the real CLI, on the fake executor (outcomes on demand, no engine needed).</summary>
public sealed class SandboxRunTests : IDisposable
{
    private readonly ProjectFolder _project = new();

    public void Dispose() => _project.Dispose();

    private SandboxRun Task(string command)
    {
        var task = _project.NewTask();
        task.Command = command;
        return task;
    }

    [Fact]
    public void The_command_output_streams_into_the_build_log_and_comes_back_as_outputs()
    {
        var task = Task("echo hello from the sandbox");

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        Assert.Contains("hello from the sandbox", _project.Engine.MessagesAtLeast(MessageImportance.High));
        Assert.Equal("hello from the sandbox", task.StandardOutput);
        Assert.Equal(0, task.ExitCode);
        using var result = JsonDocument.Parse(task.ResultJson);
        Assert.Equal("fake", result.RootElement.GetProperty("executor").GetString());
        Assert.Empty(_project.Engine.Diagnostics);
    }

    [Fact]
    public void A_failing_command_fails_the_step_with_SBXB010_after_its_stderr_was_logged()
    {
        var task = Task("fail 3");

        var succeeded = task.Execute();

        Assert.False(succeeded);
        Assert.Equal(3, task.ExitCode);
        Assert.Contains("failing with 3", _project.Engine.MessagesAtLeast(MessageImportance.High));
        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB010", error.Code);
        Assert.Contains("`fail 3` exited with code 3", error.Message);
        Assert.Equal(BuildDiagnosticsLink("sbxb010"), error.HelpLink);
    }

    [Fact]
    public void FailOnNonZeroExit_false_lets_the_build_go_on_with_the_exit_code_as_output()
    {
        var task = Task("fail 3");
        task.FailOnNonZeroExit = false;

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        Assert.Equal(3, task.ExitCode);
        Assert.Empty(_project.Engine.Diagnostics);
    }

    [Theory]
    [InlineData("timeout", "SBXB011", 124)]
    [InlineData("oom", "SBXB012", 137)]
    [InlineData("engine-down", "SBXB013", 125)]
    public void A_run_that_could_not_complete_fails_with_its_own_code_whatever_FailOnNonZeroExit_says(string command, string code, int exitCode)
    {
        var task = Task(command);
        task.FailOnNonZeroExit = false;

        var succeeded = task.Execute();

        Assert.False(succeeded);
        Assert.Equal(exitCode, task.ExitCode);
        Assert.Equal([code], _project.Engine.Errors.Select(e => e.Code));
    }

    [Fact]
    public void An_unavailable_engine_is_reported_with_the_remedy_the_executor_gave()
    {
        Assert.False(Task("engine-down").Execute());

        var error = Assert.Single(_project.Engine.Errors);
        Assert.Contains("(engineUnavailable)", error.Message);
        Assert.Contains("start it with 'fake-engine --start'", error.Message);
    }

    [Fact]
    public void A_request_a_validator_rejects_fails_with_the_validators_rule_id_and_never_runs()
    {
        var task = Task("echo forbidden");

        var succeeded = task.Execute();

        Assert.False(succeeded);
        Assert.Equal(126, task.ExitCode);
        Assert.Equal(["error KW0001: the command contains a forbidden word"], _project.Engine.Diagnostics);
        Assert.Equal("", task.StandardOutput);
    }

    [Fact]
    public void Collected_files_are_written_to_OutputDirectory_and_returned_as_items_with_their_sandbox_path()
    {
        var task = Task("write out/gen.cs generated");
        task.CopyOut = ["out/gen.cs"];
        task.OutputDirectory = "obj/gen";

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        var file = Assert.Single(task.CollectedFiles);
        Assert.Equal(Path.Combine(_project.Directory.FullName, "obj", "gen", "gen.cs"), file.ItemSpec);
        Assert.Equal("out/gen.cs", file.GetMetadata("SandboxPath"));
        Assert.Equal("gen.cs", file.GetMetadata("RelativePath"));
        Assert.Equal("generated", File.ReadAllText(file.ItemSpec));
    }

    [Fact]
    public void Unsafe_parameters_are_SBX_warnings_at_the_task_element_worded_with_the_parameter()
    {
        var task = Task("echo ok");
        task.Timeout = "none";
        task.NoValidate = true;
        task.AllowWeakerIsolation = true;

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        Assert.Equal(
            [
                "warning SBX0006: Timeout=\"none\" removes the sandbox's timeout",
                "warning SBX0016: AllowWeakerIsolation=\"true\" accepts an executor that cannot enforce every requested limit",
                "warning SBX0014: NoValidate=\"true\" disables validation of code and requests",
            ],
            _project.Engine.Diagnostics);
        Assert.All(_project.Engine.Warnings, w => Assert.Equal((_project.ProjectFile, 12, 5), (w.File, w.LineNumber, w.ColumnNumber)));
        Assert.Equal("https://github.com/sandbox-framework/sandbox/blob/main/docs/rules/SBX0006.md", _project.Engine.Warnings[0].HelpLink);
    }

    [Fact]
    public void Unsafe_settings_of_sandbox_json_are_SBX_warnings_at_the_file_unless_a_parameter_overrides_them()
    {
        var config = _project.Write("sandbox.json", """
            {
              "fallbackToHost": true,
              "defaults": { "memory": null, "network": "bridge" }
            }
            """);
        var task = Task("echo ok");
        task.Network = "none";

        var succeeded = task.Execute();

        Assert.True(succeeded, _project.Engine.Log);
        Assert.Equal(["SBX0005", "SBX0015"], _project.Engine.Warnings.Select(w => w.Code).Order());
        Assert.All(_project.Engine.Warnings, w => Assert.Equal(config, w.File));
        Assert.Contains(_project.Engine.Warnings, w => w.Message == "fallbackToHost falls back to running on the host when the container engine is unavailable");
    }

    [Fact]
    public void An_egress_allow_list_in_sandbox_json_is_a_message_and_an_allow_list_of_any_host_a_warning()
    {
        _project.Write("sandbox.json", """{ "defaults": { "network": { "allow": ["pypi.org", "*"] } } }""");

        Task("echo ok").Execute();

        Assert.Equal(["SBX0020"], _project.Engine.Warnings.Select(w => w.Code));
        Assert.Equal("defaults.network.allow[1] (*) lets the sandbox reach any host through the egress proxy", _project.Engine.Warnings[0].Message);
        Assert.Contains(_project.Engine.Messages, m => m.Message == "SBX0019: defaults.network.allow[0] (pypi.org) lets the sandbox reach a listed host through the egress proxy");
    }

    [Fact]
    public void A_broken_sandbox_json_fails_with_SBXB009_before_anything_runs()
    {
        _project.Write("sandbox.json", """{ "defaults": { "memory": "lots" } }""");

        Assert.False(Task("echo ok").Execute());

        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB009", error.Code);
        Assert.Contains("defaults.memory", error.Message);
    }

    [Fact]
    public void A_missing_CLI_fails_with_SBXB006_naming_where_it_was_looked_for()
    {
        var task = Task("echo ok");
        task.ToolPath = "tools/sandbox.dll";

        Assert.False(task.Execute());

        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB006", error.Code);
        Assert.Contains(Path.Combine(_project.Directory.FullName, "tools", "sandbox.dll"), error.Message);
    }

    [Fact]
    public void A_dotnet_that_cannot_start_fails_with_SBXB007()
    {
        var task = Task("echo ok");
        task.DotNetHostPath = Path.Combine(_project.Directory.FullName, "no-dotnet");

        Assert.False(task.Execute());

        Assert.Equal(["SBXB007"], _project.Engine.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_CLI_that_dies_without_a_result_fails_with_SBXB008()
    {
        var task = Task("echo ok");
        // An assembly that is not an application: dotnet refuses to run it and no result file is written.
        task.ToolPath = typeof(SandboxRun).Assembly.Location;

        Assert.False(task.Execute());

        var error = Assert.Single(_project.Engine.Errors);
        Assert.Equal("SBXB008", error.Code);
    }

    private static string BuildDiagnosticsLink(string anchor) => "https://github.com/sandbox-framework/sandbox/blob/main/docs/msbuild.md#" + anchor;
}
