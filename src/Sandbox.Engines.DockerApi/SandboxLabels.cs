using System.Diagnostics;
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

    /// <summary>
    /// The W3C trace id of the activity the sandbox was created in (a run's span), so a container can be joined with its
    /// trace; absent when nothing was traced.
    /// </summary>
    public const string TraceId = Prefix + "trace-id";

    /// <summary>
    /// Expiry of a detached session, ISO 8601 UTC. A sandbox carrying it belongs to no process: the orphan sweep
    /// removes it once this time has passed, whatever its owner labels say.
    /// </summary>
    public const string ExpiresAt = Prefix + "expires-at";

    /// <summary>A session's spec as JSON, so that another process can open the session and run commands as it was set up.</summary>
    public const string SessionSpec = Prefix + "session-spec";

    /// <summary>The engine filter that selects the framework's containers.</summary>
    public static string ManagedFilter => $"{Managed}=true";

    /// <summary>The labels for a sandbox owned by <paramref name="owner"/>, plus the request's own labels.</summary>
    /// <exception cref="InvalidRequestException">A request label uses the framework's prefix.</exception>
    /// <param name="executor">The executor's name.</param>
    /// <param name="owner">The process that owns the sandbox (for a detached session: the one that created it).</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="sessionId">The session id; <c>null</c> for a one-shot run.</param>
    /// <param name="createdAt">Creation time.</param>
    /// <param name="extra">The request's own labels.</param>
    /// <param name="expiresAt">Expiry of a detached session; <c>null</c> when the owner process decides its lifetime.</param>
    public static Dictionary<string, string> For(string executor, ProcessIdentity owner, string? requestId, string? sessionId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? extra = null, DateTimeOffset? expiresAt = null)
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
        labels[CreatedAt] = Timestamp(createdAt);
        labels[RequestId] = requestId ?? "";
        if (expiresAt is { } expiry) labels[ExpiresAt] = Timestamp(expiry);
        if (Activity.Current is { } activity) labels[TraceId] = activity.TraceId.ToHexString();
        return labels;
    }

    /// <summary>The owner recorded in <paramref name="labels"/>, or <c>null</c> when they do not name one.</summary>
    public static ProcessIdentity? OwnerOf(IDictionary<string, string>? labels) =>
        labels is not null
        && labels.TryGetValue(OwnerPid, out var pid) && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && labels.TryGetValue(OwnerStart, out var start)
            ? new ProcessIdentity(id, start)
            : null;

    /// <summary>A time as the labels hold it.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The time in label <paramref name="key"/>, or <c>null</c> when it is missing or malformed.</summary>
    public static DateTimeOffset? TimeOf(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>Whether the sandbox was created on this host (or the label is missing, as on older sandboxes).</summary>
    public static bool CreatedOnThisHost(IDictionary<string, string>? labels) =>
        labels is null || !labels.TryGetValue(OwnerHost, out var host) || host.Length == 0 || host == Environment.MachineName;
}
