using System.Diagnostics;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Telemetry.Tests;

/// <summary>README's span and metric table and the Prometheus rules stay in step with the catalog.</summary>
public sealed class CatalogDocumentationTests
{
    private const string Begin = "<!-- telemetry:begin -->";
    private const string End = "<!-- telemetry:end -->";

    [Fact]
    public async Task The_README_table_lists_every_span_and_metric_of_the_catalog()
    {
        var readme = await File.ReadAllTextAsync(RepositoryLayout.PathOf("README.md"), TestContext.Current.CancellationToken);
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {Begin} ... {End} table");

        var expected = Table();
        Assert.True(readme[start..(end + End.Length)] == expected, $"README's telemetry table is out of date; replace it with:\n{expected}");
    }

    [Fact]
    public async Task The_deploy_rules_pass_promtool_and_their_unit_tests()
    {
        EngineGate.Require(File.Exists("/usr/bin/promtool"), "promtool", "run bash build/observability/install.sh (build/setup.sh does)");
        var folder = RepositoryLayout.PathOf("deploy", "prometheus");

        foreach (var args in new[] { new[] { "check", "config", "prometheus.yml" }, ["test", "rules", "sandbox-rules.test.yml"] })
        {
            var start = new ProcessStartInfo("/usr/bin/promtool") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', args)}: {await output}{await errors}");
        }
    }

    [Fact]
    public async Task The_rules_use_only_metrics_of_the_catalog()
    {
        var rules = await File.ReadAllTextAsync(RepositoryLayout.PathOf("deploy", "prometheus", "sandbox-rules.yml"), TestContext.Current.CancellationToken);
        var known = SandboxTelemetry.Metrics.Select(m => m.PrometheusName).ToList();

        var used = System.Text.RegularExpressions.Regex.Matches(rules, @"\bsandbox_[a-z_]+(?=[\[{])").Select(m => m.Value).Distinct();

        Assert.All(used, name => Assert.Contains(known, k => name == k || name == k + "_bucket" || name == k + "_count" || name == k + "_sum"));
    }

    private static string Table()
    {
        var lines = new List<string> { Begin, "| Name | Kind | Unit | Prometheus | Description |", "| --- | --- | --- | --- | --- |" };
        foreach (var entry in SandboxTelemetry.Spans.Concat(SandboxTelemetry.Metrics))
        {
            var unit = entry.Unit.Length > 0 ? $"`{entry.Unit}`" : "";
            var prometheus = entry.Kind == "span" ? "" : $"`{entry.PrometheusName}`";
            lines.Add($"| `{entry.Name}` | {entry.Kind} | {unit} | {prometheus} | {entry.Description} |");
        }

        lines.Add(End);
        return string.Join('\n', lines);
    }
}
