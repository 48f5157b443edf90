using Sandbox.Core.Configuration;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests.Pooling;

public sealed class PoolConfigurationTests
{
    private static SandboxConfig Parse(string json) => SandboxConfigLoader.Parse(json, "/cfg/sandbox.json");

    [Fact]
    public async Task Without_a_pool_section_pooling_is_off_and_the_live_bound_is_the_default()
    {
        var config = Parse("{}");

        Assert.False(config.Pool.Enabled);
        Assert.Same(PoolPolicy.Off, config.Pool.PolicyFor("docker", null));
        Assert.Equal(ConcurrencyOptions.DefaultMaxLiveSandboxes, config.Concurrency.MaxLiveSandboxes);
        Assert.Null(config.Concurrency.QueueTimeout);
        await Task.CompletedTask;
    }

    [Fact]
    public void Policies_are_inherited_from_the_top_through_executors_to_images()
    {
        var config = Parse("""
            {
              "pool": {
                "minIdle": 2, "maxSize": 6, "idleTimeout": "10m", "whenExhausted": "cold", "acquireTimeout": "5s", "healthCheckAfter": "1s", "removeInBackground": true,
                "executors": {
                  "docker": { "maxSize": 8, "images": { "sandbox/node:18": { "minIdle": 4, "whenExhausted": "failFast" } } },
                  "host": { "enabled": false }
                }
              },
              "concurrency": { "maxLiveSandboxes": 12, "queueTimeout": "1m" }
            }
            """);

        var pool = config.Pool;
        Assert.True(pool.Enabled);
        Assert.Equal(PoolPolicy.Default with
        {
            MinIdle = 2, MaxSize = 6, IdleTimeout = TimeSpan.FromMinutes(10), WhenExhausted = PoolExhaustionMode.Cold,
            AcquireTimeout = TimeSpan.FromSeconds(5), HealthCheckAfter = TimeSpan.FromSeconds(1), RemoveInBackground = true,
        }, pool.PolicyFor("podman", "any"));
        Assert.Equal((2, 8, PoolExhaustionMode.Cold), Summary(pool.PolicyFor("docker", "sandbox/python:3.11")));
        Assert.Equal((4, 8, PoolExhaustionMode.FailFast), Summary(pool.PolicyFor("DOCKER", "sandbox/node:18")));
        Assert.False(pool.PolicyFor("host", null).Enabled);
        Assert.Equal(12, config.Concurrency.MaxLiveSandboxes);
        Assert.Equal(TimeSpan.FromMinutes(1), config.Concurrency.QueueTimeout);
    }

    [Fact]
    public void The_configured_defaults_and_every_named_image_are_kept_warm()
    {
        var pool = Parse("""
            { "pool": { "executors": { "docker": { "images": { "a:1": {}, "b:1": { "minIdle": 0 } } }, "podman": { "enabled": false } } } }
            """).Pool;

        var targets = pool.WarmTargets("docker", "default:1");

        Assert.Equal([("docker", "default:1"), ("docker", "a:1")], targets);
    }

    [Fact]
    public void A_disabled_pool_section_is_read_but_pools_nothing()
    {
        var pool = Parse("""{ "pool": { "enabled": false, "minIdle": 3 } }""").Pool;

        Assert.False(pool.Enabled);
        Assert.Empty(pool.WarmTargets("docker", null));
    }

    [Theory]
    [InlineData("""{ "pool": { "minIdel": 1 } }""", "pool.minIdel", "unknown member; expected one of")]
    [InlineData("""{ "pool": { "minIdle": 5, "maxSize": 2 } }""", "pool.minIdle", "must not exceed maxSize")]
    [InlineData("""{ "pool": { "maxSize": 0 } }""", "pool.maxSize", "at least 1")]
    [InlineData("""{ "pool": { "minIdle": 1.5 } }""", "pool.minIdle", "expected a whole number of at least 0, got the number 1.5")]
    [InlineData("""{ "server": { "quotas": { "*": { "maxSessions": "x" } } } }""", "server.quotas.*.maxSessions", "expected a whole number of at least 0, got the string \"x\"")]
    [InlineData("""{ "pool": { "whenExhausted": "panic" } }""", "pool.whenExhausted", "'panic' is not one of wait, failFast, cold")]
    [InlineData("""{ "pool": { "whenExhausted": "1" } }""", "pool.whenExhausted", "'1' is not one of wait, failFast, cold")]
    [InlineData("""{ "pool": { "executors": { "docker": { "images": { "x": { "images": {} } } } } } }""", "pool.executors.docker.images.x.images", "unknown member; expected one of")]
    [InlineData("""{ "concurrency": { "maxLiveSandboxes": 0 } }""", "concurrency.maxLiveSandboxes", "at least 1")]
    public void Mistakes_name_the_key(string json, string key, string problem)
    {
        var error = Assert.Throws<SandboxConfigurationException>(() => Parse(json));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static (int, int, PoolExhaustionMode) Summary(PoolPolicy policy) => (policy.MinIdle, policy.MaxSize, policy.WhenExhausted);
}
