using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandbox.Core.Configuration;

/// <summary>Parses sizes the way container tools write them: <c>512m</c>, <c>1g</c>, <c>64k</c>, <c>1.5gb</c>, <c>1024</c> (bytes).</summary>
public static partial class ByteSize
{
    /// <summary>Parses <paramref name="text"/> into bytes, or returns <c>false</c> with a reason.</summary>
    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        error = "";
        var match = SizePattern().Match(text?.Trim() ?? "");
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"'{text}' is not a size; use a number with an optional unit k, m, g or t (e.g. 512m)";
            return false;
        }

        var shift = match.Groups["u"].Value.ToLowerInvariant() switch
        {
            "k" => 10,
            "m" => 20,
            "g" => 30,
            "t" => 40,
            _ => 0,
        };
        var total = amount * Math.Pow(2, shift);
        if (total < 1 || total > long.MaxValue / 2)
        {
            error = $"'{text}' must be at least one byte and a sane size";
            return false;
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>Formats bytes compactly, e.g. <c>512m</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>[kmgtKMGT]?)([iI]?[bB])?$")]
    private static partial Regex SizePattern();
}
