using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Abstractions;
using Sandbox.Core.Plugins;
using Sandbox.TestUtilities;

namespace Sandbox.Templates.Tests;

/// <summary>
/// What a newcomer does, for real: <c>dotnet new sandbox-executor</c> (or <c>sandbox-validator</c>), <c>dotnet build</c>
/// (which installs the plugin into the user's plugin folder), <c>dotnet test</c>, and the runtime loading it.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class TemplateEndToEndTests(PackedTemplates templates) : IClassFixture<PackedTemplates>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_executor_project_is_generated_builds_passes_the_conformance_kit_and_loads_healthy()
    {
        var solution = await NewAsync("sandbox-executor", "Acme.Executors.Firejail");

        var build = await templates.DotNetAsync(templates.Work, msbuild: true, "build", solution);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains($"Acme.Executors.Firejail -> installed in {templates.Plugins}/Acme.Executors.Firejail/", build.Output);
        var installed = Path.Combine(templates.Plugins, "Acme.Executors.Firejail");
        Assert.True(File.Exists(Path.Combine(installed, "Acme.Executors.Firejail.dll")));
        // The contract is the host's: a private copy would only break type identity.
        Assert.False(File.Exists(Path.Combine(installed, "Sandbox.Abstractions.dll")));

        var test = await templates.DotNetAsync(templates.Work, msbuild: true, "test", solution, "--no-build");
        Assert.True(test.ExitCode == 0, test.Output);
        var summary = TestSummary().Match(test.Output);
        Assert.True(summary.Success, test.Output);
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 20, test.Output);

        using var settings = JsonDocument.Parse(JsonSerializer.Serialize(new { runRoot = Path.Combine(templates.Temp, "runs") }));
        var runRoot = settings.RootElement.Clone();
        await using var catalog = await PluginCatalog.LoadAsync([templates.Plugins], settingsFor: (_, key) => key == "firejail" ? runRoot : default, cancellationToken: Token);
        var executor = catalog.Executors["firejail"];
        var health = await executor.HealthCheckAsync(Token);
        Assert.True(health.Healthy, health.Summary);
        var result = await executor.ExecuteAsync(ExecutionRequest.For("sh", "-c", "echo hello from $0") with { AllowWeakerIsolation = true }, Token);
        Assert.Equal("hello from sh\n", result.Stdout);
        Assert.Empty(Directory.GetDirectories(Path.Combine(templates.Temp, "runs")));
    }

    [Fact]
    public async Task A_validator_project_is_generated_builds_passes_its_tests_and_loads()
    {
        var solution = await NewAsync("sandbox-validator", "Acme.Validators.NoEval");

        var build = await templates.DotNetAsync(templates.Work, msbuild: true, "build", solution);
        Assert.True(build.ExitCode == 0, build.Output);
        var test = await templates.DotNetAsync(templates.Work, msbuild: true, "test", solution, "--no-build");
        Assert.True(test.ExitCode == 0, test.Output);

        await using var catalog = await PluginCatalog.LoadAsync([templates.Plugins], cancellationToken: Token);
        var validator = Assert.Single(catalog.Validators, v => v.Name == "noeval");
        var findings = await validator.ValidateAsync(new ValidationContext(ExecutionRequest.For("python3"), [new SourceDocument("main.py", "python", "eval('1')\n")], "host"), Token);
        Assert.Equal("NOEVAL0001", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void The_templates_default_to_the_repository_version()
    {
        var props = File.ReadAllText(RepositoryLayout.PathOf("Directory.Build.props"));
        var repositoryVersion = Regex.Match(props, "<Version>(?<v>[^<]+)</Version>").Groups["v"].Value;

        foreach (var template in new[] { "sandbox-executor", "sandbox-validator" })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.PathOf("templates", "dotnet-new", "content", template, ".template.config", "template.json")));
            Assert.Equal(repositoryVersion, json.RootElement.GetProperty("symbols").GetProperty("SandboxVersion").GetProperty("defaultValue").GetString());
        }
    }

    private async Task<string> NewAsync(string template, string name)
    {
        var created = await templates.DotNetAsync(templates.Work, msbuild: false,
            "new", template, "-n", name, "--sandbox-version", templates.Version, "--sandbox-feed", templates.Feed, "--debug:custom-hive", templates.Hive);
        Assert.True(created.ExitCode == 0, created.Output);
        return Path.Combine(templates.Work, name);
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+)")]
    private static partial Regex TestSummary();
}
