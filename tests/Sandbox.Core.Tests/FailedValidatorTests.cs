using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.Core.Tests.DependencyInjection;

namespace Sandbox.Core.Tests;

/// <summary>A validator that should run but did not load stops validation and runs instead of being skipped.</summary>
public sealed class FailedValidatorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_validator_whose_settings_do_not_fit_refuses_every_run_and_validation_naming_the_member()
    {
        await using var runtime = await CreateAsync("""{ "validators": { "tests": { "pullPolicy": "sometimes" } } }""");

        var run = await Assert.ThrowsAsync<ValidatorNotLoadedException>(() => runtime.RunAsync(runtime.CreateRequest("true"), cancellationToken: Token));
        await Assert.ThrowsAsync<ValidatorNotLoadedException>(() => runtime.ValidateAsync(runtime.CreateRequest("true"), cancellationToken: Token));
        await Assert.ThrowsAsync<ValidatorNotLoadedException>(() => runtime.CreateSessionAsync(runtime.CreateRequest(), cancellationToken: Token));

        Assert.Equal(ErrorKind.PluginLoad, run.Kind);
        Assert.Equal("tests", run.Name);
        Assert.Contains("validators.tests.pullPolicy: expected one of ifMissing, always, never", run.Message, StringComparison.Ordinal);
        Assert.EndsWith("turn it off with validators.tests.enabled = false.", run.Message, StringComparison.Ordinal);
        Assert.Equal("tests", runtime.FailedValidator?.Name);
    }

    [Fact]
    public async Task A_validator_turned_off_may_fail_to_load_and_runs_go_on_without_it()
    {
        await using var runtime = await CreateAsync("""{ "validators": { "tests": { "enabled": false, "pullPolicy": "sometimes" } } }""");

        var result = await runtime.RunAsync(runtime.CreateRequest("true"), cancellationToken: Token);

        Assert.Null(runtime.FailedValidator);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.Validation.Validators, v => v.StartsWith("settings-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_validator_that_loads_runs()
    {
        await using var runtime = await CreateAsync("""{ "validators": { "tests": { "pullPolicy": "never" } } }""");

        var result = await runtime.RunAsync(runtime.CreateRequest("true"), cancellationToken: Token);

        Assert.Contains("settings-Never", result.Validation.Validators);
    }

    [Fact]
    public async Task A_source_validator_that_stops_compiling_stops_runs_until_it_compiles_again()
    {
        const string validator = """
            using Sandbox.Abstractions;
            public sealed class Shout : IValidator
            {
                public string Name => "shout";
                public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default) =>
                    Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
            }
            """;
        await using var folder = new SourcePlugins.SourcePluginFolder("""{ "name": "Acme.Validators.Shout", "kind": "validator" }""", ("Shout.cs", validator.Replace("=> \"shout\";", "=> 42;", StringComparison.Ordinal)));
        await using var runtime = await CreateAsync("{}", folder);

        var refused = await Assert.ThrowsAsync<ValidatorNotLoadedException>(() => runtime.RunAsync(runtime.CreateRequest("true"), cancellationToken: Token));
        folder.Write("Shout.cs", validator);
        await runtime.Plugins.ReloadAsync(folder.PluginDirectory, Token);
        var result = await runtime.RunAsync(runtime.CreateRequest("true"), cancellationToken: Token);

        Assert.Contains("compilation failed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("shout", result.Validation.Validators);
    }

    private static Task<SandboxRuntime> CreateAsync(string json, SourcePlugins.SourcePluginFolder? folder = null)
    {
        var options = new SandboxOptions
        {
            Config = SandboxConfigLoader.Parse(json, Path.Combine(AppContext.BaseDirectory, "sandbox.json")),
            DefaultExecutor = "compiled-in",
            IncludeBundledPlugins = false,
            SourcePlugins = folder?.Options() ?? new(),
        };
        if (folder is not null) options.PluginFolders.Add(folder.PluginsFolder);
        options.Components.Add(typeof(CompiledInExecutor));
        options.Components.Add(typeof(SettingsReadingValidator));
        return SandboxRuntime.CreateAsync(options, cancellationToken: Token);
    }
}
