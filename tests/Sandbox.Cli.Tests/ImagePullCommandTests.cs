using Sandbox.Testing;
using Sandbox.TestUtilities;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary>`sandbox run` with an image that must come from a registry (the loopback test registries).</summary>
public sealed class ImagePullCommandTests
{
    private static readonly string DockerConfig = WriteConfig("""{ "defaultExecutor": "docker" }""");

    [Fact]
    public async Task A_run_pulls_a_missing_image_and_shows_the_pull_on_stderr()
    {
        await RequireRegistryAsync();
        var image = $"{TestRegistries.Open}/sandbox-test/cli-{Guid.NewGuid():N}:1";
        Assert.Null(await TestRegistries.PushAsync("docker", TestImages.Python, image));
        try
        {
            var run = await RunProcessWithConfigAsync(DockerConfig, "run", "--image", image, "--", "python3", "-c", "print('pulled')");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("pulled\n", run.Stdout);
            Assert.Contains($"pulling {image} from {TestRegistries.Open} anonymously", run.Stderr, StringComparison.Ordinal);
            Assert.Contains($"pulled {image} in", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestRegistries.CliAsync("docker", "rmi", image);
        }
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_framework_error_that_names_it_without_a_stack_trace()
    {
        await RequireRegistryAsync();

        var run = await RunProcessWithConfigAsync(DockerConfig, "run", "--image", $"{TestRegistries.Down}/sandbox-test/python:1", "--", "true");

        Assert.Equal(125, run.ExitCode);
        Assert.Contains($"registry {TestRegistries.Down} is not reachable", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_user_with_the_password_from_the_environment_pulls_from_an_authenticated_registry_and_never_prints_it()
    {
        await RequireRegistryAsync();
        var image = $"{TestRegistries.Authenticated}/sandbox-test/cli-{Guid.NewGuid():N}:1";
        Assert.Null(await TestRegistries.PushAsync("docker", TestImages.Python, image));
        try
        {
            var withPassword = new Dictionary<string, string> { ["SANDBOX_REGISTRY_PASSWORD"] = TestRegistries.Password };
            var run = await RunProcessWithEnvironmentAsync(withPassword, DockerConfig, "run", "--registry-user", TestRegistries.User, "--image", image, "--", "python3", "-c", "print('pulled')");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("pulled\n", run.Stdout);
            Assert.Contains($"pulling {image} from {TestRegistries.Authenticated} with credentials from the request's registryAuth", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(TestRegistries.Password, run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestRegistries.CliAsync("docker", "rmi", image);
        }
    }

    [Fact]
    public async Task Registry_user_without_its_password_variable_is_a_configuration_error_before_anything_runs()
    {
        var run = await RunProcessWithEnvironmentAsync(new Dictionary<string, string> { ["SANDBOX_REGISTRY_PASSWORD"] = "" }, DockerConfig,
            "run", "--registry-user", "ci", "--", "true");

        Assert.Equal(125, run.ExitCode);
        Assert.Contains("--registry-user: set SANDBOX_REGISTRY_PASSWORD to the password or token of 'ci'", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task RequireRegistryAsync()
    {
        await RequireHealthyAsync("docker");
        EngineGate.Require(await TestRegistries.AnswersAsync(TestRegistries.Open), "the test registries", $"start them with `bash {TestRegistries.StartScript}`");
    }
}
