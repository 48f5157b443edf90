using Sandbox.Build.Cli;
using Sandbox.Build.Diagnostics;
using Sandbox.Build.Tests.Helpers;

namespace Sandbox.Build.Tests;

/// <summary>How parameters become the CLI's arguments, and which parameter errors are caught before anything runs.</summary>
public sealed class RunPlannerTests : IDisposable
{
    private readonly ProjectFolder _project = new();

    public void Dispose() => _project.Dispose();

    private RunPlan? Plan(SandboxRun task) =>
        new RunPlanner(task, _project.Directory.FullName, new BuildLog(task.Log, new SourceLocation(_project.ProjectFile))).Create();

    [Fact]
    public void A_command_line_runs_as_its_words_after_a_double_dash()
    {
        var task = _project.NewTask();
        task.Command = "python3 gen.py --name 'a b'";

        var plan = Plan(task);

        Assert.NotNull(plan);
        Assert.Equal(["run", "--executor", "fake", "--", "python3", "gen.py", "--name", "a b"], plan.Arguments);
        Assert.Equal("python3 gen.py --name 'a b'", plan.Display);
    }

    [Fact]
    public void Every_parameter_maps_to_the_sandbox_run_option_of_the_same_meaning()
    {
        var input = _project.Write("in/data.txt", "x");
        var stdin = _project.Write("stdin.txt", "y");
        var task = _project.NewTask();
        task.Executor = "docker";
        task.Image = "sandbox/python:3.11-bookworm";
        task.Arguments = ["python3", "-c", "print(1)"];
        task.Environment = ["A=1", "B=x=y"];
        task.CopyIn = [ProjectFolder.Item("in/data.txt")];
        task.CopyOut = ["/out/gen.cs", "report"];
        task.OutputDirectory = "obj/gen";
        task.WorkingDirectory = "/work";
        task.Memory = "256m";
        task.Cpus = "0.5";
        task.Pids = "64";
        task.Timeout = "60s";
        task.Network = "Bridge";
        task.TmpfsSize = "32m";
        task.OutputLimit = "2m";
        task.StandardInputFile = "stdin.txt";
        task.NoValidate = true;
        task.AllowWeakerIsolation = true;

        var plan = Plan(task);

        Assert.NotNull(plan);
        var dir = _project.Directory.FullName;
        Assert.Equal(
            [
                "run", "--executor", "docker", "--image", "sandbox/python:3.11-bookworm", "--memory", "256m", "--cpus", "0.5", "--pids", "64",
                "--timeout", "60s", "--network", "bridge", "--tmpfs-size", "32m", "--output-limit", "2m", "--env", "A=1", "--env", "B=x=y",
                "--copy-in", $"{input}:data.txt", "--copy-out", "/out/gen.cs", "--copy-out", "report", "--out", Path.Combine(dir, "obj", "gen"),
                "--workdir", "/work", "--stdin", stdin, "--no-validate", "--allow-weaker-isolation", "--", "python3", "-c", "print(1)",
            ],
            plan.Arguments);
    }

    [Fact]
    public void CopyIn_items_land_in_the_working_directory_unless_SandboxPath_says_where()
    {
        _project.Write("gen/a.py", "");
        _project.Write("gen/sub/b.py", "");
        _project.Write("data/c.json", "");
        var task = _project.NewTask();
        task.Command = "true";
        task.CopyIn =
        [
            ProjectFolder.Item("gen/a.py"),
            ProjectFolder.Item("gen/sub/b.py", ("RecursiveDir", "sub/")),
            ProjectFolder.Item("data/c.json", ("SandboxPath", "/etc/app/")),
            ProjectFolder.Item("data", ("SandboxPath", "/data")),
        ];

        var plan = Plan(task);

        Assert.NotNull(plan);
        var dir = _project.Directory.FullName;
        Assert.Equal(
            [$"{dir}/gen/a.py:a.py", $"{dir}/gen/sub/b.py:sub/b.py", $"{dir}/data/c.json:/etc/app/c.json", $"{dir}/data:/data"],
            plan.Arguments.Where((_, i) => i > 0 && plan.Arguments[i - 1] == "--copy-in"));
    }

    [Fact]
    public void A_template_run_becomes_sandbox_exec_with_the_code_and_input_files()
    {
        var code = _project.Write("handler.py", "def handler(input): return 1");
        var input = _project.Write("input.json", "{}");
        var task = _project.NewTask();
        task.Template = "python-handler";
        task.Code = "handler.py";
        task.Input = "input.json";

        var plan = Plan(task);

        Assert.NotNull(plan);
        Assert.Equal(["exec", "--executor", "fake", "--template", "python-handler", "--code", code, "--input", input], plan.Arguments);
        Assert.Equal(code, plan.CodeFile);
    }

    [Fact]
    public void A_sandbox_json_next_to_the_project_is_passed_explicitly()
    {
        var config = _project.Write("sandbox.json", "{}");
        var task = _project.NewTask();
        task.Command = "true";

        var plan = Plan(task);

        Assert.Equal(config, plan?.ConfigFile);
        Assert.Equal(["run", "--config", config, "--executor", "fake", "--", "true"], plan?.Arguments);
    }

    [Fact]
    public void The_result_file_option_goes_right_after_the_subcommand()
    {
        var task = _project.NewTask();
        task.Command = "true";

        var plan = Plan(task)!;

        Assert.Equal(["run", "--result-file", "/tmp/r.json", "--executor", "fake", "--", "true"], plan.WithResultFile("/tmp/r.json"));
    }

    public static TheoryData<string, Action<SandboxRun>> ParameterErrors => new()
    {
        { "SBXB001", t => { } },
        { "SBXB002", t => { t.Command = "a"; t.Arguments = ["a"]; } },
        { "SBXB002", t => { t.Template = "python-handler"; t.Code = "x.py"; t.Command = "a"; } },
        { "SBXB002", t => { t.Template = "python-handler"; t.Code = "x.py"; t.CopyOut = ["out"]; t.OutputDirectory = "o"; } },
        { "SBXB003", t => t.Command = "echo 'open" },
        { "SBXB003", t => { t.Command = "a"; t.Network = "everywhere"; } },
        { "SBXB003", t => { t.Command = "a"; t.Environment = ["NOVALUE"]; } },
        { "SBXB003", t => { t.Command = "a"; t.StandardOutputImportance = "Loud"; } },
        { "SBXB003", t => t.Template = "python-handler" },
        { "SBXB003", t => { t.Command = "a"; t.Code = "x.py"; } },
        { "SBXB004", t => { t.Command = "a"; t.CopyIn = [ProjectFolder.Item("missing.txt")]; } },
        { "SBXB004", t => { t.Template = "python-handler"; t.Code = "missing.py"; } },
        { "SBXB004", t => { t.Command = "a"; t.ConfigFile = "missing.json"; } },
        { "SBXB005", t => { t.Command = "a"; t.CopyOut = ["/out/gen.cs"]; } },
    };

    [Theory]
    [MemberData(nameof(ParameterErrors))]
    public void A_parameter_error_fails_the_task_with_its_code_before_anything_runs(string code, Action<SandboxRun> configure)
    {
        _project.Write("x.py", "");
        var task = _project.NewTask();
        task.ToolPath = "/nonexistent/sandbox.dll";
        configure(task);

        var succeeded = task.Execute();

        Assert.False(succeeded);
        Assert.Contains(_project.Engine.Errors, e => e.Code == code);
        Assert.DoesNotContain(_project.Engine.Errors, e => e.Code == BuildDiagnostics.CliNotFound.Code);
        Assert.All(_project.Engine.Errors, e => Assert.Equal((_project.ProjectFile, 12, 5), (e.File, e.LineNumber, e.ColumnNumber)));
    }

    [Fact]
    public void Every_parameter_problem_is_reported_not_only_the_first()
    {
        var task = _project.NewTask();
        task.Command = "a";
        task.Network = "everywhere";
        task.Environment = ["NOVALUE"];
        task.CopyOut = ["out"];

        Assert.False(task.Execute());
        Assert.Equal(["SBXB005", "SBXB003", "SBXB003"], _project.Engine.Errors.Select(e => e.Code));
    }
}
