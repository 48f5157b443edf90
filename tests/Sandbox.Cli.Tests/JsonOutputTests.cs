using System.Text.Json;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

public sealed class JsonOutputTests
{
    private static readonly string[] DocumentedFields =
    [
        "exitCode", "stdout", "stderr", "stdoutTruncated", "stderrTruncated", "timedOut", "oomKilled", "durationMs", "phases",
        "stats", "sandboxId", "executor", "isolationLevel", "weakenedFeatures", "cleanupSucceeded", "outputFiles", "validation",
        "error", "warnings",
    ];

    [Fact]
    public async Task Json_prints_exactly_one_object_with_the_documented_camelCase_fields()
    {
        var run = await InvokeAsync("run", "--json", "--", "echo", "hi");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(DocumentedFields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("hi\n", root.GetProperty("stdout").GetString());
        Assert.Equal("fake", root.GetProperty("executor").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.True(root.GetProperty("phases").TryGetProperty("run", out _));
        Assert.Equal(["cpuTimeMs", "peakMemoryBytes"], root.GetProperty("stats").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["skipped", "rejected", "validators", "findings"], root.GetProperty("validation").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Json_on_a_framework_error_is_still_one_object_with_the_error_kind()
    {
        var run = await InvokeAsync("run", "--json", "--memory", "huge", "--", "echo");

        using var json = JsonDocument.Parse(run.Stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("configuration", error.GetProperty("kind").GetString());
        Assert.Contains("--memory", error.GetProperty("message").GetString());
        Assert.Equal(125, run.ExitCode);
    }

    [Fact]
    public async Task Json_on_rejection_lists_the_findings()
    {
        var run = await InvokeAsync("run", "--json", "--", "echo", "forbidden");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("validationRejected", root.GetProperty("error").GetProperty("kind").GetString());
        var finding = Assert.Single(root.GetProperty("validation").GetProperty("findings").EnumerateArray());
        Assert.Equal("KW0001", finding.GetProperty("ruleId").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(126, run.ExitCode);
    }

    [Fact]
    public async Task Json_lists_collected_files_with_where_they_were_written()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "sandbox-out-" + Guid.NewGuid().ToString("N"));

        var run = await InvokeAsync("run", "--json", "--copy-out", "/out/a.txt", "--out", outDir, "--", "write", "/out/a.txt", "abc");

        using var json = JsonDocument.Parse(run.Stdout);
        var file = Assert.Single(json.RootElement.GetProperty("outputFiles").EnumerateArray());
        Assert.Equal("a.txt", file.GetProperty("path").GetString());
        Assert.Equal(3, file.GetProperty("size").GetInt64());
        Assert.Equal(Path.Combine(outDir, "a.txt"), file.GetProperty("writtenTo").GetString());
        Directory.Delete(outDir, recursive: true);
    }
}
