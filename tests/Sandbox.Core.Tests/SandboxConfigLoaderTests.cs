using Sandbox.Abstractions;
using Sandbox.Core.Configuration;

namespace Sandbox.Core.Tests;

public sealed class SandboxConfigLoaderTests
{
    private static SandboxConfig Parse(string json, Dictionary<string, string>? env = null) =>
        SandboxConfigLoader.Parse(json, "/etc/sandbox/sandbox.json", name => env?.GetValueOrDefault(name));

    [Fact]
    public void An_empty_file_gives_the_secure_defaults()
    {
        var config = Parse("{}");

        Assert.Equal("docker", config.DefaultExecutor);
        Assert.False(config.FallbackToHost);
        Assert.True(config.ValidationEnabled);
        Assert.Equal(ResourceLimits.Default, config.Defaults.Limits);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Defaults.Limits.Timeout);
        Assert.Equal(NetworkPolicy.None, config.Defaults.Network);
        Assert.True(config.Defaults.Security.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void Defaults_are_read_with_units()
    {
        var config = Parse("""
            {
              // comments and trailing commas are fine
              "defaults": { "image": "py:3", "memory": "256m", "cpus": 0.5, "pids": 32, "timeout": "2m", "network": "bridge",
                            "tmpfsSize": "16m", "outputLimit": "4k", "user": "1000:1000", "seccomp": "profiles/strict.json", },
            }
            """);

        var defaults = config.Defaults;
        Assert.Equal("py:3", defaults.Image);
        Assert.Equal(256L << 20, defaults.Limits.MemoryBytes);
        Assert.Equal(0.5, defaults.Limits.Cpus);
        Assert.Equal(32, defaults.Limits.Pids);
        Assert.Equal(TimeSpan.FromMinutes(2), defaults.Limits.Timeout);
        Assert.Equal(NetworkPolicy.Bridge, defaults.Network);
        Assert.Equal(16L << 20, defaults.Limits.TmpfsBytes);
        Assert.Equal(4096, defaults.Limits.OutputBytes);
        Assert.Equal("1000:1000", defaults.Security.User);
        Assert.Equal(SeccompMode.Custom, defaults.Security.Seccomp);
        Assert.Equal("/etc/sandbox/profiles/strict.json", defaults.Security.SeccompProfilePath);
    }

    [Fact]
    public void An_explicit_null_removes_a_limit_and_a_missing_key_keeps_the_default()
    {
        var config = Parse("""{ "defaults": { "memory": null, "timeout": "infinite" } }""");

        Assert.Null(config.Defaults.Limits.MemoryBytes);
        Assert.False(config.Defaults.Limits.HasTimeout);
        Assert.Equal(128, config.Defaults.Limits.Pids);
    }

    [Fact]
    public void Environment_references_are_substituted_everywhere()
    {
        var config = Parse(
            """{ "defaults": { "image": "${IMAGE}" }, "executors": { "docker": { "endpoint": "${DOCKER_HOST:-unix:///var/run/docker.sock}" } } }""",
            new() { ["IMAGE"] = "registry.local/py:3.12" });

        Assert.Equal("registry.local/py:3.12", config.Defaults.Image);
        Assert.Equal("unix:///var/run/docker.sock", config.Executors["docker"].GetProperty("endpoint").GetString());
    }

    [Theory]
    [InlineData("""{ "defaults": { "image": "${MISSING}" } }""", "defaults.image", "environment variable 'MISSING' is not set")]
    [InlineData("""{ "defaults": { "memory": "2gb!" } }""", "defaults.memory", "'2gb!' is not a size")]
    [InlineData("""{ "defaults": { "timeout": "-5s" } }""", "defaults.timeout", "must be greater than zero")]
    [InlineData("""{ "defaults": { "pids": 0 } }""", "defaults.pids", "must be greater than zero")]
    [InlineData("""{ "defaults": { "network": "internet" } }""", "defaults.network", "'internet' is not one of none, bridge, host")]
    [InlineData("""{ "defaults": { "memroy": "1g" } }""", "defaults.memroy", "unknown member; expected one of image, memory, cpus")]
    [InlineData("""{ "defualts": {} }""", "defualts", "unknown member; expected one of")]
    [InlineData("""{ "fallbackToHost": "maybe" }""", "fallbackToHost", "expected true or false")]
    [InlineData("""{ "executors": { "docker": 3 } }""", "executors.docker", "expected an object")]
    [InlineData("""{ "defaults": { "mounts": [ { "sandboxPath": "/data" } ] } }""", "defaults.mounts[0].hostPath", "is required")]
    [InlineData("""{ "defaultExecutor": " " }""", "defaultExecutor", "must not be empty")]
    public void A_bad_config_names_the_key_and_the_problem(string json, string key, string problem)
    {
        var error = Assert.Throws<SandboxConfigurationException>(() => Parse(json));

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith("/etc/sandbox/sandbox.json: " + key, error.Message);
        Assert.Equal(ErrorKind.Configuration, error.Kind);
    }

    [Fact]
    public void The_framework_image_variables_default_to_the_images_the_repository_builds()
    {
        var config = SandboxConfigLoader.Parse("""{ "defaults": { "image": "${SANDBOX_IMAGE_PYTHON}" } }""", "/etc/sandbox/sandbox.json");

        Assert.Equal(Sandbox.TestUtilities.TestImages.Python, config.Defaults.Image);
    }

    [Fact]
    public void Malformed_json_reports_the_position()
    {
        var error = Assert.Throws<SandboxConfigurationException>(() => Parse("{\n  \"defaults\": { \"image\": }\n}"));

        Assert.Contains("line 2", error.Key);
        Assert.Contains("not valid JSON", error.Problem);
    }

    [Fact]
    public void A_missing_file_is_a_configuration_error()
    {
        var error = Assert.Throws<SandboxConfigurationException>(() => SandboxConfigLoader.LoadFile("/nonexistent/sandbox.json"));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Validator_sections_carry_enabled_separately_from_plugin_settings()
    {
        var config = Parse("""{ "validators": { "python": { "enabled": false, "deny": ["os"] } } }""");

        var python = config.Validators["python"];
        Assert.False(python.Enabled);
        Assert.False(python.Settings.TryGetProperty("enabled", out _));
        Assert.Equal("os", python.Settings.GetProperty("deny")[0].GetString());
    }

    [Fact]
    public void Relative_folders_are_resolved_against_the_config_file()
    {
        var config = Parse("""{ "pluginFolders": ["plugins", "/opt/more"], "templateFolders": ["./templates"] }""");

        Assert.Equal(["/etc/sandbox/plugins", "/opt/more"], config.PluginFolders);
        Assert.Equal(["/etc/sandbox/templates"], config.TemplateFolders);
    }
}
