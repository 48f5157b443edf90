using Microsoft.Extensions.Logging;

namespace Sandbox.Engines.DockerApi;

/// <summary>The layer's log messages, defined once.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Engine} pull {Image}: {Status}")]
    public static partial void PullProgress(this ILogger logger, string engine, string image, string status);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Engine}: pulling {Image} from {Registry} {Credentials}")]
    public static partial void PullStarted(this ILogger logger, string engine, string image, string registry, string credentials);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "{Engine}: pulled {Image} in {Seconds:0.0} s")]
    public static partial void PullDone(this ILogger logger, string engine, string image, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Container {Id} could not be removed: {Reason}")]
    public static partial void RemovalFailed(this ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Engine}: removed {Removed} of {Found} orphaned sandboxes ({Failed} failed)")]
    public static partial void SweepDone(this ILogger logger, string engine, int found, int removed, int failed);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Engine}: the orphan sweep at start failed: {Reason}")]
    public static partial void SweepFailed(this ILogger logger, string engine, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Engine} run {Id}: {Phases}")]
    public static partial void RunPhases(this ILogger logger, string engine, string id, string phases);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Engine}: running without enforcing {Features} (the request accepted weaker isolation)")]
    public static partial void WeakerIsolation(this ILogger logger, string engine, string features);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The {Engine} engine at {Endpoint} stopped answering while sandbox {Sandbox} was in use; waiting up to {Seconds} s for it to come back (executors.{Engine}.engineRestartWaitSeconds)")]
    public static partial void WaitingForEngine(this ILogger logger, string engine, string endpoint, string sandbox, double seconds);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "The {Engine} engine answers again after {Seconds:0.#} s; checking sandbox {Sandbox}")]
    public static partial void EngineBack(this ILogger logger, string engine, double seconds, string sandbox);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The {Engine} engine did not come back within {Seconds} s; sandbox {Sandbox} may remain until `sandbox cleanup` runs once it is back")]
    public static partial void EngineNotBack(this ILogger logger, string engine, double seconds, string sandbox);
}
