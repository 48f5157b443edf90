using Microsoft.Build.Framework;
using Sandbox.Build.Diagnostics;
using static Sandbox.Build.Diagnostics.BuildDiagnostics;

namespace Sandbox.Build.Cli;

/// <summary>
/// Checks a <see cref="SandboxRun"/>'s parameters and turns them into the CLI invocation. Every problem is reported
/// (not only the first) with its SBXB code; values the CLI parses itself (sizes, durations) are left to it.
/// </summary>
internal sealed class RunPlanner(SandboxRun task, string projectDirectory, BuildLog log)
{
    /// <summary>Environment variable naming a sandbox.json, as the CLI reads it.</summary>
    public const string ConfigVariable = "SANDBOX_CONFIG";

    private static readonly string[] Networks = ["none", "bridge", "host"];

    private bool _ok = true;

    /// <summary>The plan, or <c>null</c> when a parameter was wrong (the errors are logged).</summary>
    public RunPlan? Create()
    {
        var isTemplate = !string.IsNullOrWhiteSpace(task.Template);
        var argv = Argv(isTemplate);
        var copyOut = task.CopyOut ?? [];
        if (isTemplate && copyOut.Length > 0) Fail(ConflictingParameters, "Template", "CopyOut", "a template run collects the harness's own output; write files from the code's result instead");
        if (copyOut.Length > 0 && string.IsNullOrWhiteSpace(task.OutputDirectory)) Fail(OutputDirectoryRequired);
        if (!string.IsNullOrWhiteSpace(task.Network) && !Networks.Contains(task.Network.Trim(), StringComparer.OrdinalIgnoreCase))
            Fail(InvalidParameter, "Network", task.Network, "use none, bridge or host");

        var code = isTemplate ? ExistingFile("Code", task.Code) : null;
        var input = isTemplate ? ExistingFile("Input", task.Input) : null;
        var stdin = ExistingFile("StandardInputFile", task.StandardInputFile);
        var config = ConfigFile();
        var stdoutImportance = Importance("StandardOutputImportance", task.StandardOutputImportance);
        var stderrImportance = Importance("StandardErrorImportance", task.StandardErrorImportance);

        var arguments = new List<string> { isTemplate ? "exec" : "run" };
        Option(arguments, "--config", config);
        Option(arguments, "--executor", task.Executor);
        Option(arguments, "--image", task.Image);
        Option(arguments, "--memory", task.Memory);
        Option(arguments, "--cpus", task.Cpus);
        Option(arguments, "--pids", task.Pids);
        Option(arguments, "--timeout", task.Timeout);
        Option(arguments, "--network", task.Network?.Trim().ToLowerInvariant());
        Option(arguments, "--tmpfs-size", task.TmpfsSize);
        Option(arguments, "--output-limit", task.OutputLimit);
        foreach (var variable in Environment()) Option(arguments, "--env", variable);
        foreach (var spec in CopyIn()) Option(arguments, "--copy-in", spec);
        foreach (var path in copyOut) Option(arguments, "--copy-out", path);
        Option(arguments, "--out", string.IsNullOrWhiteSpace(task.OutputDirectory) ? null : Path.GetFullPath(task.OutputDirectory, projectDirectory));
        Option(arguments, "--workdir", task.WorkingDirectory);
        Option(arguments, "--stdin", stdin);
        if (task.NoValidate) arguments.Add("--no-validate");
        if (task.AllowWeakerIsolation) arguments.Add("--allow-weaker-isolation");
        if (isTemplate)
        {
            Option(arguments, "--template", task.Template);
            Option(arguments, "--code", code);
            Option(arguments, "--input", input);
        }
        else
        {
            arguments.Add("--");
            arguments.AddRange(argv);
        }

        var display = isTemplate ? $"template {task.Template} ({task.Code})" : CommandSplitter.Display(argv);
        return _ok ? new RunPlan(arguments, display, config, code, stdoutImportance, stderrImportance) : null;
    }

    private IReadOnlyList<string> Argv(bool isTemplate)
    {
        var hasCommand = !string.IsNullOrWhiteSpace(task.Command);
        var hasArguments = task.Arguments is { Length: > 0 };
        if (isTemplate)
        {
            if (hasCommand || hasArguments)
                Fail(ConflictingParameters, "Template", hasCommand ? "Command" : "Arguments", "a template run executes the template's own command; put the code in Code");
            if (string.IsNullOrWhiteSpace(task.Code)) Fail(InvalidParameter, "Template", task.Template, "a template run needs Code, the file with the code to run");
            return [];
        }

        if (!string.IsNullOrWhiteSpace(task.Code) || !string.IsNullOrWhiteSpace(task.Input))
            Fail(InvalidParameter, string.IsNullOrWhiteSpace(task.Code) ? "Input" : "Code", task.Code ?? task.Input, "Code and Input are for template runs; set Template too");
        if (hasCommand && hasArguments) Fail(ConflictingParameters, "Command", "Arguments", "give the command either as one line or as one item per argument");
        if (hasArguments) return task.Arguments!;
        if (!hasCommand)
        {
            Fail(NothingToRun);
            return [];
        }

        var split = CommandSplitter.Split(task.Command!, out var error);
        if (split is null) Fail(InvalidParameter, "Command", task.Command, error);
        return split ?? [];
    }

    private IEnumerable<string> Environment()
    {
        foreach (var variable in task.Environment ?? [])
        {
            if (variable.IndexOf('=', StringComparison.Ordinal) <= 0) Fail(InvalidParameter, "Environment", variable, "each item must be NAME=value");
            else yield return variable;
        }
    }

    private IEnumerable<string> CopyIn()
    {
        foreach (var item in task.CopyIn ?? [])
        {
            var host = CopyInSpec.HostPath(item, projectDirectory);
            if (!File.Exists(host) && !Directory.Exists(host)) Fail(FileNotFound, "CopyIn item", item.ItemSpec, host);
            else if (host.Contains(':', StringComparison.Ordinal)) Fail(InvalidParameter, "CopyIn", item.ItemSpec, "the host path may not contain ':' (the CLI's HOST:SANDBOXPATH separator)");
            else yield return CopyInSpec.Format(host, CopyInSpec.SandboxPath(item, host));
        }
    }

    // The same lookup as the CLI's, made explicit so the unsafe-settings check and the run read the same file.
    private string? ConfigFile()
    {
        if (!string.IsNullOrWhiteSpace(task.ConfigFile)) return ExistingFile("ConfigFile", task.ConfigFile);
        if (System.Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } variable) return ExistingFile(ConfigVariable, variable);
        var local = Path.Combine(projectDirectory, "sandbox.json");
        return File.Exists(local) ? local : null;
    }

    private string? ExistingFile(string parameter, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var full = Path.GetFullPath(value, projectDirectory);
        if (!File.Exists(full)) Fail(FileNotFound, parameter, value, full);
        return full;
    }

    private MessageImportance Importance(string parameter, string value)
    {
        if (Enum.TryParse<MessageImportance>(value, ignoreCase: true, out var importance) && Enum.IsDefined(importance)) return importance;
        Fail(InvalidParameter, parameter, value, "use High, Normal or Low");
        return MessageImportance.High;
    }

    private static void Option(List<string> arguments, string option, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        arguments.Add(option);
        arguments.Add(value);
    }

    private void Fail(BuildDiagnostic diagnostic, params object?[] args)
    {
        log.Report(diagnostic, args);
        _ok = false;
    }
}
