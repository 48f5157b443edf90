using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Core.Plugins;

namespace Sandbox.Core.Tests;

/// <summary>A plugin's section of sandbox.json that does not fit its settings type is described in JSON's terms.</summary>
public sealed class PluginSettingsTests
{
    [JsonConverter(typeof(JsonStringEnumConverter<Policy>))]
    public enum Policy { IfMissing, Always, Never }

    public sealed class Settings
    {
        public Policy PullPolicy { get; set; }

        public List<string> Hosts { get; set; } = [];
    }

    private static string Failure(string json) =>
        Assert.Throws<PluginSettingsException>(() => new PluginContext("/plugins/x", JsonDocument.Parse(json).RootElement).GetSettings<Settings>()).Message;

    [Theory]
    [InlineData("""{"pullPolicy": "sometimes"}""", "Invalid plugin settings: pullPolicy: expected one of ifMissing, always, never")]
    [InlineData("""{"hosts": "a"}""", "Invalid plugin settings: hosts: expected an array (each a string)")]
    [InlineData("""{"host": ["a"]}""", "Invalid plugin settings: host: unknown member; expected one of pullPolicy, hosts")]
    public void Settings_that_do_not_fit_name_the_path_and_what_was_expected_never_a_dotnet_type(string json, string expected) =>
        Assert.Equal(expected, Failure(json));

    [Fact]
    public void Settings_that_fit_are_read_case_insensitively()
    {
        var settings = new PluginContext("/plugins/x", JsonDocument.Parse("""{"PullPolicy": "never", "hosts": ["a"]}""").RootElement).GetSettings<Settings>();

        Assert.Equal(Policy.Never, settings.PullPolicy);
        Assert.Equal(["a"], settings.Hosts);
    }

    [Fact]
    public async Task A_plugin_whose_settings_do_not_fit_is_reported_with_its_section_and_the_problem_not_as_a_crash()
    {
        await using var catalog = await PluginCatalog.LoadAsync([], settingsFor: (_, _) => JsonDocument.Parse("""{"pullPolicy": "sometimes"}""").RootElement,
            components: [typeof(SettingsReadingValidator)], cancellationToken: TestContext.Current.CancellationToken);

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal("its settings do not fit: validators.tests.pullPolicy: expected one of ifMissing, always, never", plugin.Error);
        Assert.True(plugin.SettingsDoNotFit);
        Assert.Empty(catalog.Validators);
    }

    [Fact]
    public async Task Every_value_a_plugin_refuses_is_reported_at_once_each_named_from_the_configuration_root()
    {
        await using var catalog = await PluginCatalog.LoadAsync([], components: [typeof(RefusingValidator)], cancellationToken: TestContext.Current.CancellationToken);

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal("its settings do not fit: validators.tests.severity.X1: 'loud' is not one of error, none; validators.tests.deny[1]: 'os..path' is not a dotted module name", plugin.Error);
        Assert.Equal(PluginKind.Validator, plugin.Kind);
    }
}

/// <summary>A validator that refuses two values of its settings at once, as the bundled validators do.</summary>
public sealed class RefusingValidator : IValidator
{
    public RefusingValidator() =>
        throw new PluginSettingsException([new JsonProblem("severity.X1", "'loud' is not one of error, none"), new JsonProblem("deny[1]", "'os..path' is not a dotted module name")]);

    public string Name => "refusing";

    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
}

/// <summary>A validator that reads its settings in its constructor, as the bundled plugins do (plugins are top-level public types).</summary>
public sealed class SettingsReadingValidator(PluginContext context) : IValidator
{
    private readonly PluginSettingsTests.Settings _settings = context.GetSettings<PluginSettingsTests.Settings>();

    public string Name => $"settings-{_settings.PullPolicy}";

    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
}
