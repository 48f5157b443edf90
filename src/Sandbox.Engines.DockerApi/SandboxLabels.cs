using System.Globalization;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Labels every container (and volume) this layer creates carries, so that leftovers can be found and attributed to
/// the process that created them — and removed once that process is gone.
/// </summary>
public static class SandboxLabels
{
    /// <summary>Prefix of the framework's labels; requests may not set labels with it.</summary>
    public const string Prefix = "org.sandbox-framework.";

    /// <summary>Framework marker, value <c>true</c>.</summary>
    public const string Managed = Prefix + "managed";

    /// <summary>The executor that created the container.</summary>
    public const string Executor = Prefix + "executor";

    /// <summary>Pid of the owner process.</summary>
    public const string OwnerPid = Prefix + "owner-pid";

    /// <summary>Start stamp of the owner process (see <see cref="ProcessIdentity"/>).</summary>
    public const string OwnerStart = Prefix + "owner-start";

    /// <summary>Host name of the owner process: pids only mean something on their own host.</summary>
    public const string OwnerHost = Prefix + "owner-host";

    /// <summary>Session id; empty for a one-shot run.</summary>
    public const string Session = Prefix + "session";

    /// <summary>Creation time, ISO 8601 UTC.</summary>
    public const string CreatedAt = Prefix + "created-at";

    /// <summary>The request id.</summary>
    public const string RequestId = Prefix + "request-id";

    /// <summary>The engine filter that selects the framework's containers.</summary>
    public static string ManagedFilter => $"{Managed}=true";

    /// <summary>The labels for a sandbox owned by <paramref name="owner"/>, plus the request's own labels.</summary>
    /// <exception cref="InvalidRequestException">A request label uses the framework's prefix.</exception>
    public static Dictionary<string, string> For(string executor, ProcessIdentity owner, string? requestId, string? sessionId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? extra = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
                throw new InvalidRequestException("labels", $"'{key}' uses the reserved prefix '{Prefix}'");
            labels[key] = value;
        }

        labels[Managed] = "true";
        labels[Executor] = executor;
        labels[OwnerPid] = owner.Pid.ToString(CultureInfo.InvariantCulture);
        labels[OwnerStart] = owner.StartTime;
        labels[OwnerHost] = Environment.MachineName;
        labels[Session] = sessionId ?? "";
        labels[CreatedAt] = createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        labels[RequestId] = requestId ?? "";
        return labels;
    }

    /// <summary>The owner recorded in <paramref name="labels"/>, or <c>null</c> when they do not name one.</summary>
    public static ProcessIdentity? OwnerOf(IDictionary<string, string>? labels) =>
        labels is not null
        && labels.TryGetValue(OwnerPid, out var pid) && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && labels.TryGetValue(OwnerStart, out var start)
            ? new ProcessIdentity(id, start)
            : null;

    /// <summary>Whether the sandbox was created on this host (or the label is missing, as on older sandboxes).</summary>
    public static bool CreatedOnThisHost(IDictionary<string, string>? labels) =>
        labels is null || !labels.TryGetValue(OwnerHost, out var host) || host.Length == 0 || host == Environment.MachineName;
}
