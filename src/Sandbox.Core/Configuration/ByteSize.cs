using System.Globalization;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Core.Configuration;

/// <summary>Parses sizes the way container tools write them: <c>512m</c>, <c>1g</c>, <c>64k</c>, <c>1.5gb</c>, <c>1024</c> (bytes).</summary>
public static class ByteSize
{
    /// <summary>
    /// Parses <paramref name="text"/> into bytes, or returns <c>false</c> with a reason. The grammar is
    /// <see cref="LimitSyntax"/>'s; a "no limit" word is refused here, where a size is required.
    /// </summary>
    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        if (!LimitSyntax.TryParseSize(text, out var parsed, out error)) return false;
        if (parsed is not { } value)
        {
            error = $"'{text}' is not a size; a size is required here (e.g. 512m)";
            return false;
        }

        bytes = value;
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
}
