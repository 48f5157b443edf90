using System.CommandLine;
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Plugins;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox plugins [--json]</c>: every plugin found, where it was loaded from and whether it is healthy.</summary>
internal static class PluginsCommand
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliConsole console)
    {
        var command = new Command("plugins", "List executor and validator plugins with version, load context, path and health.") { CommonOptions.Json };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = RuntimeFactory.Create(parse, console);
            var rows = new List<PluginRow>();
            foreach (var plugin in runtime.Plugins.Plugins)
                rows.Add(new PluginRow(plugin.Name, plugin.Kind?.ToString().ToLowerInvariant(), plugin.Version, plugin.LoadContext, plugin.AssemblyPath, await HealthAsync(plugin, cancellationToken).ConfigureAwait(false), plugin.Error));

            if (parse.GetValue(CommonOptions.Json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
            }
            else
            {
                console.Out.WriteLine($"{"NAME",-12} {"KIND",-10} {"VERSION",-10} {"HEALTH",-50} PATH");
                foreach (var row in rows)
                    console.Out.WriteLine($"{row.Name,-12} {row.Kind ?? "-",-10} {Short(row.Version),-10} {Short(row.Error ?? row.Health, 50),-50} {row.Path}");
            }

            return rows.Any(r => r.Error is not null) ? 1 : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<string> HealthAsync(PluginDescriptor plugin, CancellationToken cancellationToken)
    {
        if (plugin.Instance is not IExecutor executor) return plugin.Loaded ? "ok" : "failed";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeout);
        try
        {
            var report = await executor.HealthCheckAsync(timeout.Token).ConfigureAwait(false);
            return (report.Healthy ? "healthy: " : "unhealthy: ") + report.Summary;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"unhealthy: {ExecutionError.FromException(ex).Message}";
        }
    }

    private static string Short(string? text, int width = 10) => text is null ? "-" : text.Length <= width ? text : text[..(width - 1)] + "…";

    private sealed record PluginRow(string Name, string? Kind, string? Version, string? LoadContext, string Path, string Health, string? Error);
}
