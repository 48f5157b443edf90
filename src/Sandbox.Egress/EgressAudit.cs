using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Egress;

/// <summary>
/// The record of one run's egress: what went through (requests and bytes per host and port) and what was refused (per
/// host, port and reason). Every connection is logged as it ends; <see cref="Report"/> sums them for the result.
/// </summary>
public sealed class EgressAudit
{
    private readonly ConcurrentDictionary<(string Host, int Port), long[]> _allowed = new();
    private readonly ConcurrentDictionary<(string Host, int Port, string Why), long[]> _blocked = new();
    private readonly ILogger _logger;

    /// <summary>Creates an empty audit that logs to <paramref name="logger"/>.</summary>
    public EgressAudit(ILogger logger) => _logger = logger;

    /// <summary>Raised for every refused attempt (host, port, why), e.g. to count it in a metric.</summary>
    public event Action<string, int, string>? Blocked;

    /// <summary>Records a connection that was let through.</summary>
    public void Allow(string host, int port, long requests, long bytes)
    {
        var counters = _allowed.GetOrAdd((host, port), _ => new long[2]);
        Interlocked.Add(ref counters[0], requests);
        Interlocked.Add(ref counters[1], bytes);
        Log.Allowed(_logger, host, port, bytes);
    }

    /// <summary>Records a refused attempt.</summary>
    public void Block(string host, int port, string why)
    {
        Interlocked.Increment(ref _blocked.GetOrAdd((host, port, why), _ => new long[1])[0]);
        Log.Blocked(_logger, host, port, why);
        Blocked?.Invoke(host, port, why);
    }

    /// <summary>The totals so far, sorted by host and port.</summary>
    public NetworkReport Report() => new()
    {
        Allowed = [.. _allowed.OrderBy(e => e.Key.Host, StringComparer.Ordinal).ThenBy(e => e.Key.Port)
            .Select(e => new AllowedEgress(e.Key.Host, e.Key.Port, Interlocked.Read(ref e.Value[0]), Interlocked.Read(ref e.Value[1])))],
        Blocked = [.. _blocked.OrderBy(e => e.Key.Host, StringComparer.Ordinal).ThenBy(e => e.Key.Port).ThenBy(e => e.Key.Why, StringComparer.Ordinal)
            .Select(e => new BlockedEgress(e.Key.Host, e.Key.Port, Interlocked.Read(ref e.Value[0]), e.Key.Why))],
    };
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Egress allowed to {Host}:{Port} ({Bytes} bytes)")]
    public static partial void Allowed(ILogger logger, string host, int port, long bytes);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Egress blocked to {Host}:{Port}: {Why}")]
    public static partial void Blocked(ILogger logger, string host, int port, string why);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Debug, Message = "Egress connection failed: {Error}")]
    public static partial void ConnectionFailed(ILogger logger, string error);
}
