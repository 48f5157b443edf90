using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>
/// One plugin as <c>sandbox plugins --json</c> and <c>GET /v1/plugins</c> describe it: where it came from, whether it
/// loaded and whether its executor answers.
/// </summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Kind">executor or validator; <c>null</c> when it failed to load.</param>
/// <param name="Version">The assembly's version.</param>
/// <param name="LoadContext">The load context it lives in.</param>
/// <param name="Path">The assembly's path.</param>
/// <param name="Health">"healthy: ...", "unhealthy: ...", "ok" or "failed".</param>
/// <param name="Error">Why it failed to load.</param>
/// <param name="Source">The source folder of a source plugin.</param>
/// <param name="FromCache">Whether a source plugin's assembly came from the cache.</param>
/// <param name="Diagnostics">Compiler and analyzer diagnostics of a source plugin.</param>
public sealed record PluginStatus(string Name, string? Kind, string? Version, string? LoadContext, string Path, string Health, string? Error,
    string? Source, bool? FromCache, IReadOnlyList<string> Diagnostics)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Describes <paramref name="plugins"/>, asking each executor for its health (at most 10 s each).</summary>
    public static async Task<IReadOnlyList<PluginStatus>> DescribeAsync(IEnumerable<PluginDescriptor> plugins, CancellationToken cancellationToken = default)
    {
        var rows = new List<PluginStatus>();
        foreach (var plugin in plugins)
        {
            rows.Add(new PluginStatus(plugin.Name, plugin.Kind?.ToString().ToLowerInvariant(), plugin.Version, plugin.LoadContext, plugin.AssemblyPath,
                await HealthAsync(plugin, cancellationToken).ConfigureAwait(false), plugin.Error,
                plugin.SourceDirectory, plugin.SourceDirectory is null ? null : plugin.FromCache, [.. plugin.Diagnostics.Select(d => d.ToString())]));
        }

        return rows;
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
}
