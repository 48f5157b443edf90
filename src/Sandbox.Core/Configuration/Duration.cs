using System.Globalization;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Core.Configuration;

/// <summary>Durations as configuration and the CLI write them (the grammar is <see cref="LimitSyntax"/>'s).</summary>
public static class Duration
{
    /// <summary>
    /// Parses <paramref name="text"/> with <see cref="LimitSyntax"/>'s grammar; a "no limit" word (<c>none</c>,
    /// <c>infinite</c>) gives <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        if (text is null)
        {
            error = "a duration is required (e.g. 30s)";
            return false;
        }

        if (!LimitSyntax.TryParseDuration(text, out var parsed, out error)) return false;

        duration = parsed ?? Timeout.InfiniteTimeSpan;
        return true;
    }

    /// <summary>Formats a duration compactly, e.g. <c>30s</c>.</summary>
    public static string Format(TimeSpan? duration) => duration switch
    {
        null => "none",
        { } d when d == Timeout.InfiniteTimeSpan => "infinite",
        { } d when d.TotalSeconds >= 1 && d.Milliseconds == 0 => $"{d.TotalSeconds:0}s",
        { } d => $"{d.TotalMilliseconds:0}ms",
    };
}
