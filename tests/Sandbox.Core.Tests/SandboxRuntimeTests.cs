using Microsoft.Extensions.DependencyInjection;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;
using Sandbox.Core.Configuration;

namespace Sandbox.Core.Tests;

public sealed class SandboxRuntimeTests
{
    internal static SandboxRuntime CreateRuntime(string json = "{}", Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Config = SandboxConfigLoader.Parse(json, Path.Combine(AppContext.BaseDirectory, "sandbox.json")),
            DefaultExecutor = "fake",
            IncludeUserPlugins = false,
        };
        configure?.Invoke(options);
        return SandboxRuntime.Create(options);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_runs_through_validators_then_the_executor()
    {
        await using var runtime = CreateRuntime();

        var result = await runtime.RunAsync(runtime.CreateRequest("echo", "hello"), cancellationToken: Token);

        Assert.True(result.Succeeded);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("fake", result.Executor);
        Assert.Equal(["sbx", "keyword"], result.Validation.Validators);
        Assert.False(result.Validation.Rejected);
    }

    [Fact]
    public async Task A_rejected_request_is_a_result_and_never_reaches_the_executor()
    {
        await using var runtime = CreateRuntime();

        var result = await runtime.RunAsync(runtime.CreateRequest("echo", "forbidden"), cancellationToken: Token);

        Assert.Equal(ErrorKind.ValidationRejected, result.Error?.Kind);
        Assert.Null(result.ExitCode);
        Assert.Null(result.SandboxId);
        Assert.Contains("KW0001", result.Error!.Message);
        Assert.True(result.Validation.Rejected);
    }

    [Fact]
    public async Task Code_validators_see_the_sources_with_locations()
    {
        await using var runtime = CreateRuntime();
        var sources = new[] { new SourceDocument("handler.py", "python", "x = 'forbidden'") };

        var result = await runtime.RunAsync(runtime.CreateRequest("echo"), new RunOptions { Sources = sources }, Token);

        var finding = Assert.Single(result.Validation.Findings, f => f.RuleId == "KW0002");
        Assert.Equal("handler.py", finding.Path);
        Assert.Equal(6, finding.Column);
        Assert.Equal("keyword", finding.Validator);
    }

    [Fact]
    public async Task Skipping_validation_is_recorded_in_the_result()
    {
        await using var runtime = CreateRuntime();

        var result = await runtime.RunAsync(runtime.CreateRequest("echo", "forbidden"), new RunOptions { SkipValidation = true }, Token);

        Assert.True(result.Succeeded);
        Assert.True(result.Validation.Skipped);
    }

    [Fact]
    public async Task Validation_can_be_disabled_per_validator_in_config()
    {
        await using var runtime = CreateRuntime("""{ "validators": { "keyword": { "enabled": false } } }""");

        var result = await runtime.RunAsync(runtime.CreateRequest("echo", "forbidden"), cancellationToken: Token);

        Assert.True(result.Succeeded);
        Assert.Equal(["sbx"], result.Validation.Validators);
    }

    [Fact]
    public async Task Unsafe_settings_are_reported_with_their_SBX_ids()
    {
        await using var runtime = CreateRuntime();
        var request = runtime.CreateRequest("echo") with { Limits = ResourceLimits.Default with { MemoryBytes = null } };

        var result = await runtime.RunAsync(request, cancellationToken: Token);

        var finding = Assert.Single(result.Validation.Findings);
        Assert.Equal(SandboxRules.NoMemoryLimitId, finding.RuleId);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public async Task A_request_the_executor_cannot_enforce_is_refused()
    {
        await using var runtime = CreateRuntime();

        var error = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() =>
            runtime.RunAsync(runtime.CreateRequest("echo") with { Network = NetworkPolicy.Bridge }, cancellationToken: Token));

        Assert.Contains("network access (the fake has no network)", error.Message);
    }

    [Fact]
    public async Task An_unknown_executor_names_the_available_ones()
    {
        await using var runtime = CreateRuntime();

        var error = await Assert.ThrowsAsync<ExecutorNotFoundException>(() => runtime.RunAsync(runtime.CreateRequest("echo"), new RunOptions { Executor = "nope" }, Token));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("fake", error.Message);
        Assert.Contains("json12", error.Message);
    }

    [Fact]
    public async Task An_unknown_executor_also_names_the_plugins_that_failed_to_load_instead_of_claiming_none_were_found()
    {
        await using var runtime = CreateRuntime();

        var error = await Assert.ThrowsAsync<ExecutorNotFoundException>(() => runtime.RunAsync(runtime.CreateRequest("echo"), new RunOptions { Executor = "nope" }, Token));

        Assert.Contains("plugins that failed to load: ", error.Message);
        Assert.Contains("missingdependency (Sandbox.TestPlugins.MissingDependencyExecutor failed to start: missing dependency", error.Message);
        Assert.DoesNotContain("no executor plugins were found", error.Message);
    }

    [Fact]
    public async Task An_executor_that_failed_to_load_says_why()
    {
        await using var runtime = CreateRuntime();

        var error = await Assert.ThrowsAsync<ExecutorNotFoundException>(() => runtime.RunAsync(runtime.CreateRequest("echo"), new RunOptions { Executor = "throwing" }, Token));

        Assert.Equal(ErrorKind.PluginLoad, error.Kind);
        Assert.Contains("boom", error.Message);
    }

    [Fact]
    public async Task Engine_unavailable_propagates_as_a_typed_error_without_fallback()
    {
        await using var runtime = CreateRuntime();

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => runtime.RunAsync(runtime.CreateRequest("engine-down"), cancellationToken: Token));

        Assert.Contains("fake-engine --start", error.Message);
    }

    [Fact]
    public async Task Executors_receive_their_settings_section_from_config()
    {
        await using var runtime = CreateRuntime("""{ "executors": { "fakes": { "endpoint": "${NOT_SET:-tcp://x}" } } }""");

        var result = await runtime.RunAsync(runtime.CreateRequest("settings"), cancellationToken: Token);

        Assert.Equal("""{"endpoint":"tcp://x"}""" + "\n", result.Stdout);
    }

    [Fact]
    public async Task AddSandbox_registers_the_runtime_and_the_default_executor()
    {
        var services = new ServiceCollection().AddSandbox(o =>
        {
            o.DefaultExecutor = "fake";
            o.IncludeUserPlugins = false;
            o.Config = SandboxConfig.Default;
        }).Services;
        await using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<SandboxRuntime>();
        var executor = provider.GetRequiredService<IExecutor>();

        Assert.Equal("fake", executor.Name);
        Assert.Same(runtime.GetExecutor(), executor);
    }

    [Fact]
    public void A_service_provider_holding_a_pooled_runtime_can_be_disposed_with_plain_using()
    {
        var services = new ServiceCollection().AddSandbox(o =>
        {
            o.DefaultExecutor = "fake";
            o.IncludeUserPlugins = false;
            o.Config = SandboxConfigLoader.Parse("""{ "pool": { "minIdle": 1 } }""", Path.Combine(AppContext.BaseDirectory, "sandbox.json"));
        }).Services;

        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(provider.GetRequiredService<SandboxRuntime>(), provider.GetRequiredService<ISandboxRuntime>());
            Assert.Equal("fake", provider.GetRequiredService<IExecutor>().Name);
        }
    }

    [Fact]
    public void A_library_runtime_searches_the_users_plugin_folder_only_when_asked()
    {
        Assert.False(new SandboxOptions().IncludeUserPlugins);
    }
}
