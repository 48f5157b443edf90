using System.CommandLine;
using Sandbox.Core.Plugins;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox plugins [--json] [--watch]</c>: every plugin found, where it was loaded from and whether it is healthy, with
/// the compiler and analyzer diagnostics of source plugins; <c>--watch</c> then recompiles source plugins as they change.
/// </summary>
internal static class PluginsCommand
{

    private static readonly Option<bool> Watch = new("--watch")
    {
        Description = "Keep running: recompile and reload source plugins (plugin.json + *.cs) when their files change.",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("plugins", "List executor and validator plugins with version, load context, path and health.") { CommonOptions.Json, Watch };
        command.SetAction((parse, cancellationToken) => CliRunner.GuardAsync(parse, console, async () =>
        {
            await using var runtime = await RuntimeFactory.CreateAsync(parse, console, cancellationToken).ConfigureAwait(false);
            var json = parse.GetValue(CommonOptions.Json);
            var rows = await RowsAsync(runtime.Plugins.Plugins, cancellationToken).ConfigureAwait(false);
            Print(console, rows, json, header: true);
            if (!parse.GetValue(Watch)) return rows.Any(r => r.Error is not null) ? 1 : ExitCodes.Success;

            using var watching = runtime.Plugins.WatchSourcePlugins();
            var gate = new SemaphoreSlim(1);
            runtime.Plugins.Reloaded += (_, e) => _ = ReportReloadAsync(console, e, json, gate, cancellationToken);
            console.Error.WriteLine($"sandbox: watching {runtime.Plugins.SourcePluginDirectories.Count} source plugin(s); press Ctrl+C to stop");
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task ReportReloadAsync(CliConsole console, PluginReloadedEventArgs reload, bool json, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var rows = await RowsAsync(reload.Plugins, cancellationToken).ConfigureAwait(false);
            if (!json) console.Out.WriteLine($"reloaded {reload.Directory}:");
            Print(console, rows, json, header: false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static Task<IReadOnlyList<PluginStatus>> RowsAsync(IEnumerable<PluginDescriptor> plugins, CancellationToken cancellationToken) =>
        PluginStatus.DescribeAsync(plugins, cancellationToken);

    private static void Print(CliConsole console, IReadOnlyList<PluginStatus> rows, bool json, bool header)
    {
        if (json)
        {
            // One JSON document per listing: the initial one, then one per reload (JSON lines) with --watch.
            console.Out.WriteLine(CliJson.Serialize(rows, indented: header));
            return;
        }

        if (header) console.Out.WriteLine($"{"NAME",-12} {"KIND",-10} {"VERSION",-10} {"HEALTH",-50} PATH");
        foreach (var row in rows)
        {
            console.Out.WriteLine($"{row.Name,-12} {row.Kind ?? "-",-10} {Short(row.Version),-10} {Short(row.Error ?? row.Health, 50),-50} {row.Source ?? row.Path}");
            foreach (var diagnostic in row.Diagnostics) console.Out.WriteLine($"    {diagnostic}");
        }
    }

    private static string Short(string? text, int width = 10) => text is null ? "-" : text.Length <= width ? text : text[..(width - 1)] + "…";
}
