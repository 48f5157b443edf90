using System.CommandLine;
using Sandbox.Abstractions;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox doctor</c>: what is installed and running, and the exact command that fixes each missing piece.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("doctor", "Check configuration, plugins and engines; print the command that fixes each problem.");
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"configuration: {runtime.Config.SourcePath ?? "built-in defaults"}; default executor: {runtime.DefaultExecutor}");
            var defaultHealthy = false;
            foreach (var plugin in runtime.Plugins.Plugins.Where(p => !p.Loaded))
                Line(console, false, $"plugin {plugin.Name}", plugin.Error ?? "failed to load", plugin.SettingsDoNotFit
                    ? $"correct its settings in {runtime.Config.SourcePath ?? "the configuration"}"
                    : $"rebuild or remove {plugin.AssemblyPath}");
            // Runs are refused while a validator that should run is missing (a broken validator must not switch itself off).
            var failedValidator = runtime.FailedValidator;
            if (failedValidator is not null)
                Line(console, false, "runs", $"refused: validator '{failedValidator.Name}' did not load", $"fix it as above, or turn it off with validators.{failedValidator.Name}.enabled = false");

            foreach (var executor in runtime.Plugins.Executors.Values)
            {
                HealthReport report;
                try
                {
                    report = await executor.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    report = HealthReport.Failing(ExecutionError.FromException(ex).Message);
                }

                Line(console, report.Healthy, $"executor {executor.Name}", report.Summary, null);
                foreach (var check in report.Checks) Line(console, check.Passed, $"  {check.Name}", check.Detail, check.Remedy);
                foreach (var (feature, why) in executor.Capabilities.Limitations)
                    console.Out.WriteLine($"      - cannot enforce {SandboxFeatureNames.Describe(feature)}: {why}");
                if (string.Equals(executor.Name, runtime.DefaultExecutor, StringComparison.OrdinalIgnoreCase)) defaultHealthy = report.Healthy;
            }

            if (!runtime.Plugins.Executors.ContainsKey(runtime.DefaultExecutor))
                Line(console, false, $"executor {runtime.DefaultExecutor}", "the default executor is not installed", "build the repository (./sandbox builds on first use) or set defaultExecutor in sandbox.json");
            return defaultHealthy && failedValidator is null ? ExitCodes.Success : 1;
        }));
        return command;
    }

    private static void Line(CliConsole console, bool ok, string what, string detail, string? remedy)
    {
        console.Out.WriteLine($"{(ok ? "[ok]  " : "[FAIL]")} {what}: {detail}");
        if (!ok && remedy is not null) console.Out.WriteLine($"       fix: {remedy}");
    }
}
