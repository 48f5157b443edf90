using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;
using Sandbox.Abstractions;
using Sandbox.Build.Cli;
using Sandbox.Build.Diagnostics;
using Sandbox.Build.Results;
using Sandbox.Build.Safety;
using static Sandbox.Build.Diagnostics.BuildDiagnostics;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Sandbox.Build;

/// <summary>
/// Runs one build step in a sandbox: <c>&lt;SandboxRun Executor="docker" Image="..." Command="python3 gen.py" /&gt;</c>.
/// The command's output streams into the build log, collected files come back as items, a failing command fails the
/// build, and unsafe settings are build warnings with their SBX rule ids. The work is done by the bundled
/// <c>sandbox</c> CLI in a child process, so nothing but this small assembly loads into MSBuild.
/// </summary>
public sealed partial class SandboxRun : MSBuildTask, ICancelableTask
{
    // Framework messages on the CLI's stderr carry this prefix; the workload's own stderr never gets one added.
    private const string FrameworkPrefix = "sandbox: ";

    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Stops the step: the CLI is asked to kill and remove the sandbox, and killed if it does not in time.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <inheritdoc />
    public override bool Execute() =>
        // MSBuild's task contract is synchronous: this is the one place the asynchronous work is waited for.
        ExecuteAsync(_cancellation.Token).GetAwaiter().GetResult();

    /// <summary>Runs the step; returns whether it succeeded (no error logged, including warnings promoted to errors).</summary>
    internal async Task<bool> ExecuteAsync(CancellationToken cancellationToken)
    {
        var projectFile = BuildEngine.ProjectFileOfTaskNode ?? "";
        var projectDirectory = projectFile.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(projectFile))! : Directory.GetCurrentDirectory();
        var log = new BuildLog(Log, new SourceLocation(projectFile, BuildEngine.LineNumberOfTaskNode, BuildEngine.ColumnNumberOfTaskNode));

        var plan = new RunPlanner(this, projectDirectory, log).Create();
        if (plan is null) return false;
        var host = LocateCli(projectDirectory, log);
        if (host is null) return false;
        try
        {
            return await CheckSafetyAsync(plan, host, log, cancellationToken).ConfigureAwait(false)
                   && await RunAsync(plan, host, log, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Report(Cancelled, plan.Display);
            return false;
        }
        catch (Win32Exception ex)
        {
            log.Report(CliDidNotStart, host.DotNet, ex.Message);
            return false;
        }
    }

    private CliHost? LocateCli(string projectDirectory, BuildLog log)
    {
        // In the package the task is tasks/net10.0/Sandbox.Build.dll and the CLI tools/net10.0/sandbox.dll.
        var taskDirectory = Path.GetDirectoryName(typeof(SandboxRun).Assembly.Location) ?? AppContext.BaseDirectory;
        var toolPath = Path.GetFullPath(string.IsNullOrWhiteSpace(ToolPath) ? Path.Combine(taskDirectory, "..", "..", "tools", "net10.0", "sandbox.dll") : ToolPath, projectDirectory);
        if (!File.Exists(toolPath))
        {
            log.Report(CliNotFound, toolPath);
            return null;
        }

        var dotnet = !string.IsNullOrWhiteSpace(DotNetHostPath) ? DotNetHostPath
            : System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
            : "dotnet";
        return new CliHost(dotnet, toolPath, projectDirectory);
    }

    // Unsafe settings are reported before anything runs: when the build treats one as an error, the step never runs.
    private async Task<bool> CheckSafetyAsync(RunPlan plan, CliHost host, BuildLog log, CancellationToken cancellationToken)
    {
        var parameterFindings = UnsafeSettings.OfParameters(this);
        foreach (var finding in parameterFindings) log.Finding(finding, log.Task);
        if (plan.ConfigFile is { } config)
        {
            var configFindings = await ReadConfigFindingsAsync(host, config, log, cancellationToken).ConfigureAwait(false);
            if (configFindings is null) return false;
            foreach (var finding in UnsafeSettings.OfConfiguration(this, configFindings, parameterFindings)) log.Finding(finding, new SourceLocation(config));
        }

        if (!log.HasLoggedErrors) return true;
        log.Message($"SandboxRun: `{plan.Display}` was not run because this build treats its unsafe settings as errors.", MessageImportance.High);
        return false;
    }

    private static async Task<IReadOnlyList<ValidationFinding>?> ReadConfigFindingsAsync(CliHost host, string config, BuildLog log, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var exit = await CliProcess.RunAsync(host, ["validate-config", "--json", config], line => stdout.AppendLine(line), line => stderr.AppendLine(line), cancellationToken).ConfigureAwait(false);
        try
        {
            if (exit == 0)
            {
                using var document = JsonDocument.Parse(stdout.ToString());
                return RunReport.ReadFindings(document.RootElement.GetProperty("findings"));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            stderr.Append(ex.Message);
        }

        log.Report(ConfigCheckFailed, config, OneLine(stderr.ToString(), $"'{host.Describe(["validate-config", config])}' exited with {exit}"));
        return null;
    }

    private async Task<bool> RunAsync(RunPlan plan, CliHost host, BuildLog log, CancellationToken cancellationToken)
    {
        // A private folder (0700): the result holds the command's output, which other users of the machine may not read.
        var resultDirectory = Directory.CreateTempSubdirectory("sandbox-build-");
        var resultFile = Path.Combine(resultDirectory.FullName, "result.json");
        var stdout = new List<string>();
        var framework = new List<string>();
        try
        {
            ExitCode = await CliProcess.RunAsync(
                host,
                plan.WithResultFile(resultFile),
                line =>
                {
                    lock (stdout) stdout.Add(line);
                    log.Message(line, plan.StdoutImportance);
                },
                line =>
                {
                    var isFramework = line.StartsWith(FrameworkPrefix, StringComparison.Ordinal);
                    if (isFramework) lock (framework) framework.Add(line[FrameworkPrefix.Length..]);
                    // The CLI's own notes repeat what the result file says, which is reported below with codes.
                    log.Message(line, isFramework ? MessageImportance.Low : plan.StderrImportance);
                },
                cancellationToken).ConfigureAwait(false);
            StandardOutput = string.Join('\n', stdout);

            RunReport report;
            try
            {
                ResultJson = File.Exists(resultFile) ? await File.ReadAllTextAsync(resultFile, cancellationToken).ConfigureAwait(false) : "";
                report = RunReport.Parse(ResultJson);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                log.Report(CliFailed, ExitCode, OneLine(string.Join("; ", framework), $"Run '{host.Describe(plan.Arguments)}' to see why."));
                return false;
            }

            CollectedFiles = new ResultReporter(this, plan, log).Report(report);
            return !log.HasLoggedErrors;
        }
        finally
        {
            resultDirectory.Delete(recursive: true);
        }
    }

    private static string OneLine(string text, string fallback)
    {
        var trimmed = string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return trimmed.Length > 0 ? trimmed : fallback;
    }
}
