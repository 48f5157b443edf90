namespace Sandbox.Core.Pooling;

/// <summary>
/// The warm pool's configuration (the <c>pool</c> section of <c>sandbox.json</c>): a master switch, a default policy and
/// more specific rules per executor and per image. Off by default.
/// </summary>
public sealed record PoolOptions
{
    /// <summary>No pooling: every run is cold.</summary>
    public static PoolOptions Disabled { get; } = new();

    /// <summary>Master switch; when off every run is cold.</summary>
    public bool Enabled { get; init; }

    /// <summary>The policy for executors and images without a rule.</summary>
    public PoolPolicy Default { get; init; } = PoolPolicy.Default;

    /// <summary>Policies per executor (<see cref="PoolRule.Image"/> <c>null</c>) and per executor and image; the most specific wins.</summary>
    public IReadOnlyList<PoolRule> Rules { get; init; } = [];

    /// <summary>How often the pool expires, refills and retries in the background when nothing else wakes it.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Receives what the pool does (sandboxes created, leased, destroyed), for metrics and diagnostics. Must not block.</summary>
    public Action<PoolEvent>? OnEvent { get; init; }

    /// <summary>The policy for runs of <paramref name="image"/> on <paramref name="executor"/>; <see cref="PoolPolicy.Off"/> when pooling is off.</summary>
    public PoolPolicy PolicyFor(string executor, string? image)
    {
        if (!Enabled) return PoolPolicy.Off;
        PoolRule? forExecutor = null;
        foreach (var rule in Rules)
        {
            if (!string.Equals(rule.Executor, executor, StringComparison.OrdinalIgnoreCase)) continue;
            if (rule.Image is null) forExecutor = rule;
            else if (image is not null && string.Equals(rule.Image, image, StringComparison.Ordinal)) return rule.Policy;
        }

        return forExecutor?.Policy ?? Default;
    }

    /// <summary>
    /// The executor and image pairs to keep warm from the start: the default executor with the default image, and every
    /// executor and image named in a rule, where the policy keeps at least one sandbox ready.
    /// </summary>
    public IReadOnlyList<(string Executor, string? Image)> WarmTargets(string defaultExecutor, string? defaultImage)
    {
        if (!Enabled) return [];
        IEnumerable<(string Executor, string? Image)> candidates = [(defaultExecutor, defaultImage), .. Rules.Select(r => (r.Executor, r.Image ?? defaultImage))];
        return [.. candidates.Distinct().Where(t => PolicyFor(t.Executor, t.Image) is { Enabled: true, MinIdle: > 0 })];
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a policy is inconsistent.</summary>
    public void Validate()
    {
        Default.Validate();
        foreach (var rule in Rules) rule.Policy.Validate();
        if (MaintenanceInterval <= TimeSpan.Zero) throw new ArgumentException($"{nameof(MaintenanceInterval)} must be positive.");
    }
}
