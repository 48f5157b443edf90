using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Images pulled from a real registry (Debian's docker-registry on loopback, open and with htpasswd): pulled once with
/// progress, credentials from settings or an auth file, and each failure a typed error that leaves nothing behind.
/// </summary>
public abstract class ContainerRegistryTests<TTarget>(RegistryImages<TTarget> images) : IClassFixture<RegistryImages<TTarget>>
    where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_image_is_pulled_once_with_progress_and_later_runs_do_not_pull()
    {
        var (engine, log) = await EngineAsync(s => s);
        using var _ = engine;

        var first = await engine.RunAsync(Request(images.OpenImage), TTarget.Dialect.Name, Ct);
        var pullsAfterFirst = Pulls(log);
        var second = await engine.RunAsync(Request(images.OpenImage), TTarget.Dialect.Name, Ct);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("pulled\n", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains(pullsAfterFirst, m => m.Contains($"pulling {images.OpenImage} from {TestRegistries.Open} anonymously", StringComparison.Ordinal));
        Assert.Contains(pullsAfterFirst, m => m.Contains($"pulled {images.OpenImage} in", StringComparison.Ordinal));
        Assert.True(pullsAfterFirst.Count >= 3, "progress between start and end: " + string.Join(" | ", pullsAfterFirst));
        Assert.Equal(pullsAfterFirst.Count, Pulls(log).Count);
    }

    [Fact]
    public async Task Warmup_reports_each_pull_step_to_the_caller()
    {
        var (engine, _) = await EngineAsync(s => s);
        using var __ = engine;
        var steps = new List<ImagePullProgress>();

        await engine.WarmupAsync(images.OpenImage, new Progress(steps.Add), Ct);

        Assert.True(await RegistryImages<TTarget>.IsLocalAsync(images.OpenImage));
        Assert.True(steps.Count >= 2);
        Assert.All(steps, s => Assert.Equal(images.OpenImage, s.Image));
        Assert.Equal("Pulled", steps[^1].Status);
    }

    [Fact]
    public async Task Credentials_from_a_docker_login_file_pull_from_an_authenticated_registry()
    {
        var (engine, log) = await EngineAsync(s => s with { AuthFile = images.AuthFile(TestRegistries.Password) });
        using var _ = engine;

        var result = await engine.RunAsync(Request(images.AuthenticatedImage), TTarget.Dialect.Name, Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Pulls(log), m => m.Contains("with credentials from " + Path.GetTempPath(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_from_the_settings_pull_from_an_authenticated_registry()
    {
        var login = new RegistryLogin { Username = TestRegistries.User, Password = TestRegistries.Password };
        var (engine, _) = await EngineAsync(s => s with { RegistryAuth = new Dictionary<string, RegistryLogin> { [TestRegistries.Authenticated] = login } });
        using var __ = engine;

        await engine.WarmupAsync(images.AuthenticatedImage, null, Ct);

        Assert.True(await RegistryImages<TTarget>.IsLocalAsync(images.AuthenticatedImage));
    }

    [Fact]
    public async Task Credentials_given_with_the_request_pull_from_an_authenticated_registry_where_nothing_is_configured()
    {
        var (engine, log) = await EngineAsync(s => s with { AuthFile = "/nonexistent/config.json" });
        using var _ = engine;
        var request = Request(images.AuthenticatedImage) with { RegistryAuth = new RegistryCredential(TestRegistries.User, TestRegistries.Password) };

        var result = await engine.RunAsync(request, TTarget.Dialect.Name, Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Pulls(log), m => m.Contains("with credentials from the request's registryAuth", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Categorized, e => e.Message.Contains(TestRegistries.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_request_credentials_are_a_registry_unauthorized_error_that_names_the_request_not_the_password()
    {
        var (engine, _) = await EngineAsync(s => s with { AuthFile = images.AuthFile(TestRegistries.Password) });
        using var _ = engine;
        var request = Request(images.AuthenticatedImage) with { RegistryAuth = new RegistryCredential(TestRegistries.User, "wrong-password-0451") };

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => engine.RunAsync(request, TTarget.Dialect.Name, Ct));

        // The request's credentials win over a login file that would have worked: the caller asked for them.
        Assert.Contains("the request's registryAuth were refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-0451", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(request, images.AuthenticatedImage);
    }

    [Fact]
    public async Task Refused_credentials_are_a_registry_unauthorized_error_naming_their_source_and_leave_nothing()
    {
        var file = images.AuthFile("wrong-password");
        var (engine, _) = await EngineAsync(s => s with { AuthFile = file });
        using var _ = engine;
        var request = Request(images.AuthenticatedImage);

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => engine.RunAsync(request, TTarget.Dialect.Name, Ct));

        Assert.Equal(ErrorKind.RegistryUnauthorized, error.Kind);
        Assert.Equal(TestRegistries.Authenticated, error.Registry);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(request, images.AuthenticatedImage);
    }

    [Fact]
    public async Task Missing_credentials_are_a_registry_unauthorized_error_that_says_how_to_log_in()
    {
        var (engine, _) = await EngineAsync(s => s with { AuthFile = "/nonexistent/config.json" });
        using var _ = engine;
        var request = Request(images.AuthenticatedImage);

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => engine.RunAsync(request, TTarget.Dialect.Name, Ct));

        Assert.Contains($"{TTarget.Dialect.Name} login {TestRegistries.Authenticated}", error.Message, StringComparison.Ordinal);
        Assert.Contains("registryAuth", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(request, images.AuthenticatedImage);
    }

    [Fact]
    public async Task A_tag_the_registry_does_not_have_is_an_image_not_found_error()
    {
        var (engine, _) = await EngineAsync(s => s);
        using var _ = engine;
        var image = images.OpenImage[..^1] + "no-such-tag";
        var request = Request(image);

        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => engine.RunAsync(request, TTarget.Dialect.Name, Ct));

        Assert.Equal(image, error.Image);
        Assert.Contains($"registry {TestRegistries.Open} has no such image or tag", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(request, image);
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_registry_unavailable_error()
    {
        var (engine, _) = await EngineAsync(s => s);
        using var _ = engine;
        var image = $"{TestRegistries.Down}/sandbox-test/python:1";
        var request = Request(image);

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => engine.RunAsync(request, TTarget.Dialect.Name, Ct));

        Assert.Equal(ErrorKind.RegistryUnavailable, error.Kind);
        Assert.Equal(TestRegistries.Down, error.Registry);
        Assert.Contains("pullPolicy", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(request, image);
    }

    [Fact]
    public async Task Pull_policy_never_does_not_pull_and_always_pulls_a_present_image_again()
    {
        var (never, neverLog) = await EngineAsync(s => s with { PullPolicy = ImagePullPolicy.Never });
        using var _ = never;
        var (always, alwaysLog) = await EngineAsync(s => s with { PullPolicy = ImagePullPolicy.Always });
        using var __ = always;
        var request = Request(images.OpenImage);

        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => never.RunAsync(request, TTarget.Dialect.Name, Ct));
        await always.WarmupAsync(images.OpenImage, null, Ct);
        var pullsBefore = Pulls(alwaysLog).Count;
        var result = await always.RunAsync(Request(images.OpenImage), TTarget.Dialect.Name, Ct);

        Assert.Contains("pullPolicy is \"never\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(Pulls(neverLog));
        Assert.Equal(0, result.ExitCode);
        Assert.True(Pulls(alwaysLog).Count > pullsBefore, "the run pulled the present image again");
    }

    private async Task<(ContainerEngine Engine, CapturingLoggerFactory Log)> EngineAsync(Func<ContainerEngineSettings, ContainerEngineSettings> configure)
    {
        await TestEngine<TTarget>.RequireAsync();
        images.Require();
        await images.RemoveLocalAsync();
        var log = new CapturingLoggerFactory();
        return (new ContainerEngine(TTarget.Dialect, configure(TestEngine<TTarget>.Settings()), log), log);
    }

    private static ExecutionRequest Request(string image) => TestEngine<TTarget>.Request("python3", "-c", "print('pulled')") with { Image = image };

    private static List<string> Pulls(CapturingLoggerFactory log) =>
        [.. log.Categorized.Where(e => e.Category == SandboxTelemetry.ImagePullLog && e.Level == LogLevel.Information).Select(e => e.Message)];

    private static async Task AssertNothingLeftAsync(ExecutionRequest request, string image)
    {
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
        Assert.False(await RegistryImages<TTarget>.IsLocalAsync(image));
    }

    private sealed class Progress(Action<ImagePullProgress> report) : IProgress<ImagePullProgress>
    {
        public void Report(ImagePullProgress value) => report(value);
    }
}
