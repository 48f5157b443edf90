using System.CommandLine;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox validate-config [FILE]</c>: reports the settings of a <c>sandbox.json</c> that weaken the sandbox, with
/// the same SBX ids as the analyzers and the build task.
/// </summary>
internal static class ValidateConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string?>("file") { Description = "Configuration file (default: --config, $SANDBOX_CONFIG or ./sandbox.json).", Arity = ArgumentArity.ZeroOrOne };
        var strict = new Option<bool>("--warnings-as-errors") { Description = "Exit 1 when there is any warning (informational findings never count)." };
        var command = new Command("validate-config", "Report unsafe settings in sandbox.json (SBX rules); exit 0 when it is valid.") { file, strict, CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, () =>
        {
            var config = SandboxConfigLoader.LoadOrDefault(parse.GetValue(file) ?? parse.GetValue(CommonOptions.Config));
            var findings = Inspect(config);
            var source = config.SourcePath ?? "(built-in defaults)";
            if (parse.GetValue(CommonOptions.Json))
                console.Out.WriteLine(CliJson.Serialize(new ValidateConfigOutput(source, findings)));
            else
                foreach (var finding in findings) console.Out.WriteLine($"{source}: {finding.Severity.ToString().ToLowerInvariant()} {finding.RuleId}: {finding.Message} ({SandboxRules.GetHelpUri(finding.RuleId)})");

            // Informational findings (an egress allow-list) describe a deliberate opening: they never fail the check.
            return Task.FromResult(findings.Any(f => f.Severity >= FindingSeverity.Warning) && parse.GetValue(strict) ? 1 : ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>The SBX findings for a configuration: its defaults plus the runtime switches.</summary>
    public static IReadOnlyList<ValidationFinding> Inspect(SandboxConfig config)
    {
        // Config keys are the request paths without their group: limits.memory is defaults.memory.
        var findings = new List<ValidationFinding>(UnsafeSettingsInspector.Inspect(config.Defaults, ConfigKey));
        if (!config.ValidationEnabled) findings.Add(UnsafeSettingsInspector.Finding(SandboxRules.ValidationDisabled, "validation.enabled"));
        if (config.FallbackToHost) findings.Add(UnsafeSettingsInspector.Finding(SandboxRules.HostFallbackEnabled, "fallbackToHost"));
        return findings;
    }

    private static string ConfigKey(string requestPath)
    {
        foreach (var group in (string[])["limits.", "security."])
        {
            if (requestPath.StartsWith(group, StringComparison.Ordinal)) return "defaults." + requestPath[group.Length..];
        }

        return "defaults." + requestPath;
    }
}
