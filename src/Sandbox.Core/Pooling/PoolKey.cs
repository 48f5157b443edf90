using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Core.Pooling;

/// <summary>
/// Which warm sandboxes can serve a request: everything fixed when a sandbox is created (executor, image, limits,
/// network, security, environment, working directory, mounts, labels) must match. What a run brings itself (command,
/// stdin, files, output paths, timeout, output cap, observer, and the hosts of its allow-list: only whether it has one,
/// and secrets, counts) is left out, so runs differing only in those share a key.
/// </summary>
internal sealed class PoolKey : IEquatable<PoolKey>
{
    private PoolKey(string executor, string text, ExecutionRequest spec)
    {
        Executor = executor;
        Text = text;
        Spec = spec;
    }

    /// <summary>The executor's name.</summary>
    public string Executor { get; }

    /// <summary>The canonical form compared for equality.</summary>
    public string Text { get; }

    /// <summary>The session spec a sandbox of this key is created from.</summary>
    public ExecutionRequest Spec { get; }

    /// <summary>The key of <paramref name="request"/> on <paramref name="executor"/>.</summary>
    public static PoolKey For(string executor, ExecutionRequest request)
    {
        // Per-command settings are normalized away; every other member (including any added to the request later)
        // takes part through serialization, so a new creation-time setting can never be silently shared.
        var spec = request with
        {
            Id = null,
            Command = [],
            StandardInput = null,
            Files = [],
            OutputPaths = [],
            OnOutput = null,
            // A warm sandbox gets its network and a proxy that refuses everything; the run's hosts come with its command.
            Egress = request.Egress.IsActive ? EgressPolicy.PendingFor(request.Egress) : request.Egress,
            Limits = request.Limits with { Timeout = ResourceLimits.Default.Timeout, OutputBytes = ResourceLimits.Default.OutputBytes },
        };
        var canonical = spec with
        {
            Environment = new SortedDictionary<string, string>(spec.Environment.ToDictionary(), StringComparer.Ordinal),
            Labels = new SortedDictionary<string, string>(spec.Labels.ToDictionary(), StringComparer.Ordinal),
        };
        return new PoolKey(executor, $"{executor}\n{JsonSerializer.Serialize(canonical)}", spec);
    }

    /// <inheritdoc />
    public bool Equals(PoolKey? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PoolKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => $"{Executor} {Spec.Image ?? "(default image)"}{(Spec.Egress.IsActive ? " with an allow-list" : "")}";
}
