using System.Globalization;

namespace Sandbox.Core.Configuration;

/// <summary>Parses durations: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, a bare number of seconds, or <c>infinite</c>.</summary>
public static class Duration
{
    /// <summary>Parses <paramref name="text"/>; <c>infinite</c>/<c>none</c> gives <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        var value = text?.Trim().ToLowerInvariant() ?? "";
        if (value is "infinite" or "none")
        {
            duration = Timeout.InfiniteTimeSpan;
            return true;
        }

        (string number, double scale) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith('s') => (value[..^1], 1),
            _ when value.EndsWith('m') => (value[..^1], 60),
            _ when value.EndsWith('h') => (value[..^1], 3600),
            _ => (value, 1),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) || double.IsInfinity(amount))
        {
            error = $"'{text}' is not a duration; use e.g. 500ms, 30s, 2m, 1h or infinite";
            return false;
        }

        if (amount <= 0)
        {
            error = $"'{text}' must be greater than zero";
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * scale);
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
