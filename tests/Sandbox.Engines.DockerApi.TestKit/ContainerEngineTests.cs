using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>Health, warm-up, capabilities and the typed errors for infrastructure failures.</summary>
public abstract class ContainerEngineTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_image_that_may_not_be_pulled_says_how_to_build_it_and_leaves_nothing()
    {
        await TestEngine<TTarget>.RequireAsync();
        using var executor = TTarget.Create(TestEngine<TTarget>.Settings() with { PullPolicy = ImagePullPolicy.Never });
        var request = TestEngine<TTarget>.Request("true") with { Image = "sandbox/does-not-exist:1" };

        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => executor.ExecuteAsync(request, Ct));

        Assert.Contains("build/images/build-images.sh", error.Message, StringComparison.Ordinal);
        Assert.Equal("sandbox/does-not-exist:1", error.Image);
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }

    [Fact]
    public async Task An_unreachable_engine_says_how_to_start_it()
    {
        await TestEngine<TTarget>.RequireAsync();
        using var executor = TTarget.Create(TestEngine<TTarget>.Settings() with { Endpoint = "unix:///run/sandbox/no-such-engine.sock" });

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => executor.ExecuteAsync(ExecutionRequest.For("true"), Ct));
        var health = await executor.HealthCheckAsync(Ct);

        Assert.Contains("build/setup.sh", error.Message, StringComparison.Ordinal);
        Assert.Equal(TTarget.Dialect.Name, error.Engine);
        Assert.False(health.Healthy);
        Assert.Contains("build/setup.sh", health.Checks.Single(c => !c.Passed).Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_the_engine_the_image_and_its_security_features()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var health = await executor.HealthCheckAsync(Ct);

        Assert.True(health.Healthy, string.Join("; ", health.Checks.Where(c => !c.Passed).Select(c => c.Detail)));
        Assert.Contains("API", health.Summary, StringComparison.Ordinal);
        Assert.True(health.Checks.Single(c => c.Name == "seccomp").Passed);
        Assert.True(health.Checks.Single(c => c.Name == "resource limits").Passed);
        Assert.All(health.Checks.Where(c => !c.Passed), c => Assert.False(string.IsNullOrEmpty(c.Remedy)));
        if (TTarget.Dialect == EngineDialect.Podman) Assert.Contains(health.Checks, c => c.Name == "rootless podman");
    }

    [Fact]
    public async Task Capabilities_are_honest_about_OOM_detection()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        await executor.HealthCheckAsync(Ct);

        var capabilities = executor.Capabilities;

        Assert.Equal(IsolationLevel.Container, capabilities.IsolationLevel);
        Assert.True(capabilities.Supports(ExecutionRequest.For("x").RequiredFeatures()));
        Assert.Equal(TTarget.Dialect.ReportsOomKilled, capabilities.Supports(SandboxFeatures.OomDetection));
        Assert.Equal(!TTarget.Dialect.ReportsOomKilled, capabilities.Limitations.ContainsKey(SandboxFeatures.OomDetection));
        Assert.True(capabilities.Supports(SandboxFeatures.Sessions));
    }

    [Fact]
    public async Task Warmup_accepts_a_present_image_and_explains_a_missing_one()
    {
        await TestEngine<TTarget>.RequireAsync();
        using var executor = TTarget.Create(TestEngine<TTarget>.Settings() with { PullPolicy = ImagePullPolicy.Never });

        await executor.WarmupAsync(cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => executor.WarmupAsync("sandbox/does-not-exist:1", Ct));

        Assert.Contains("build/images/build-images.sh", error.Message, StringComparison.Ordinal);
    }
}
