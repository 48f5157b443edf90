using Sandbox.Core.Pooling;

namespace Sandbox.Core.Configuration;

/// <summary>
/// Reads the <c>pool</c> section (a policy, overridden per executor under <c>executors</c> and per image under
/// <c>executors.&lt;name&gt;.images</c>) and the <c>concurrency</c> section of <c>sandbox.json</c>.
/// </summary>
internal static class PoolConfigReader
{
    private static readonly string[] PolicyKeys = ["enabled", "minIdle", "maxSize", "idleTimeout", "whenExhausted", "acquireTimeout", "healthCheckAfter", "removeInBackground"];

    /// <summary>The pool options; a present section turns pooling on unless it says <c>"enabled": false</c>.</summary>
    public static PoolOptions ReadPool(ConfigSection? section)
    {
        if (section is null) return PoolOptions.Disabled;
        section.RejectUnknownKeys([.. PolicyKeys, "executors"]);
        var defaults = ReadPolicy(section, PoolPolicy.Default, readEnabled: false);
        var rules = new List<PoolRule>();
        var executors = section.Section("executors");
        foreach (var (name, _) in executors?.Properties() ?? [])
        {
            var executor = executors!.Section(name) ?? throw executors.Error(name, "expected an object with the executor's pool settings");
            executor.RejectUnknownKeys([.. PolicyKeys, "images"]);
            var policy = ReadPolicy(executor, defaults, readEnabled: true);
            rules.Add(new PoolRule(name, null, policy));
            var images = executor.Section("images");
            foreach (var (image, _) in images?.Properties() ?? [])
            {
                var imageSection = images!.Section(image) ?? throw images.Error(image, "expected an object with the image's pool settings");
                imageSection.RejectUnknownKeys(PolicyKeys);
                rules.Add(new PoolRule(name, image, ReadPolicy(imageSection, policy, readEnabled: true)));
            }
        }

        return new PoolOptions { Enabled = section.Bool("enabled") ?? true, Default = defaults, Rules = rules };
    }

    /// <summary>The concurrency options; defaults when the section is absent.</summary>
    public static ConcurrencyOptions ReadConcurrency(ConfigSection? section)
    {
        if (section is null) return ConcurrencyOptions.Default;
        section.RejectUnknownKeys("maxLiveSandboxes", "queueTimeout");
        var queueTimeout = section.Duration("queueTimeout");
        return new ConcurrencyOptions
        {
            MaxLiveSandboxes = section.Count("maxLiveSandboxes", minimum: 1) ?? ConcurrencyOptions.DefaultMaxLiveSandboxes,
            QueueTimeout = queueTimeout == Timeout.InfiniteTimeSpan ? null : queueTimeout,
        };
    }

    // The top level's "enabled" is the master switch, not part of its policy.
    private static PoolPolicy ReadPolicy(ConfigSection section, PoolPolicy inherited, bool readEnabled)
    {
        var policy = inherited with
        {
            Enabled = readEnabled ? section.Bool("enabled") ?? inherited.Enabled : inherited.Enabled,
            MinIdle = section.Count("minIdle", minimum: 0) ?? inherited.MinIdle,
            MaxSize = section.Count("maxSize", minimum: 1) ?? inherited.MaxSize,
            IdleTimeout = section.Duration("idleTimeout") ?? inherited.IdleTimeout,
            WhenExhausted = section.Enum("whenExhausted", inherited.WhenExhausted),
            AcquireTimeout = section.Duration("acquireTimeout") ?? inherited.AcquireTimeout,
            HealthCheckAfter = section.Duration("healthCheckAfter") ?? inherited.HealthCheckAfter,
            RemoveInBackground = section.Bool("removeInBackground") ?? inherited.RemoveInBackground,
        };
        if (policy.FirstProblem() is { } problem) throw section.Error(problem.Setting, problem.Problem);
        return policy;
    }
}
