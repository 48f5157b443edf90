// Compiled into Sandbox.Abstractions and linked as source into Sandbox.Analyzers (netstandard2.0), like the rule
// catalog: the one grammar of sizes, durations and "no limit" words, read by the runtime's configuration, the policy
// validator, the sandbox.json checks and the MSBuild task alike, so they can never disagree about a value.
using System;
using System.Globalization;

namespace Sandbox.Abstractions.Rules
{
    /// <summary>
    /// The text of limits: sizes (<c>512m</c>, <c>1.5g</c>, <c>64MiB</c>, <c>1024</c> bytes; binary multiples),
    /// durations (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>5min</c>, <c>1h</c>, <c>00:05:00</c>, a bare number of seconds),
    /// and the words that mean "no limit" (<c>none</c>, <c>infinite</c>; JSON <c>null</c> means the same).
    /// </summary>
#if SANDBOX_RULES_INTERNAL
    internal
#else
    public
#endif
    static class LimitSyntax
    {
        // Beyond this a size is a typo, and larger values would overflow when engines convert units.
        private const double MaxBytes = long.MaxValue / 2;

        /// <summary>The words that mean "no limit", in lower case.</summary>
        public static readonly string[] NoLimitWords = { "none", "infinite" };

        /// <summary>Whether <paramref name="text"/> is one of <see cref="NoLimitWords"/> (any case, surrounding spaces ignored).</summary>
        public static bool IsNoLimitWord(string? text) =>
            text is not null && Array.IndexOf(NoLimitWords, text.Trim().ToLowerInvariant()) >= 0;

        /// <summary>
        /// Parses a size. A "no limit" word (or <c>null</c>) gives <c>true</c> with <paramref name="bytes"/> <c>null</c>;
        /// anything else that is not a positive size gives <c>false</c> and a reason.
        /// </summary>
        public static bool TryParseSize(string? text, out long? bytes, out string error)
        {
            bytes = null;
            error = "";
            if (text is null || IsNoLimitWord(text)) return true;
            var value = text.Trim().ToLowerInvariant();
            if (value.EndsWith("ib", StringComparison.Ordinal)) value = value.Substring(0, value.Length - 2);
            else if (value.EndsWith("b", StringComparison.Ordinal)) value = value.Substring(0, value.Length - 1);
            var shift = value.Length == 0 ? 0 : value[value.Length - 1] switch
            {
                'k' => 10,
                'm' => 20,
                'g' => 30,
                't' => 40,
                _ => 0,
            };
            if (shift > 0) value = value.Substring(0, value.Length - 1).TrimEnd();
            if (!IsDecimal(value) || !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"'{text}' is not a size; use a number with an optional unit k, m, g or t (e.g. 512m), or none";
                return false;
            }

            var total = amount * Math.Pow(2, shift);
            if (total < 1 || total > MaxBytes)
            {
                error = $"'{text}' must be at least one byte and a sane size";
                return false;
            }

            bytes = (long)total;
            return true;
        }

        /// <summary>
        /// Parses a duration. A "no limit" word (or <c>null</c>) gives <c>true</c> with <paramref name="duration"/>
        /// <c>null</c>; anything else that is not a positive duration gives <c>false</c> and a reason.
        /// </summary>
        public static bool TryParseDuration(string? text, out TimeSpan? duration, out string error)
        {
            duration = null;
            error = "";
            if (text is null || IsNoLimitWord(text)) return true;
            var value = text.Trim().ToLowerInvariant();
            if (value.IndexOf(':') >= 0)
            {
                if (TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var clock) && clock > TimeSpan.Zero)
                {
                    duration = clock;
                    return true;
                }

                error = $"'{text}' is not a duration; use e.g. 500ms, 30s, 5min, 1h, 00:05:00 or none";
                return false;
            }

            var unit = value.TrimStart('-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var number = value.Substring(0, value.Length - unit.Length).TrimEnd();
            double scale = unit.Trim() switch
            {
                "ms" => 0.001,
                "" or "s" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                _ => double.NaN,
            };
            if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
                || double.IsInfinity(amount) || amount * scale > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                error = $"'{text}' is not a duration; use e.g. 500ms, 30s, 5min, 1h, 00:05:00 or none";
                return false;
            }

            if (amount <= 0)
            {
                error = $"'{text}' must be greater than zero";
                return false;
            }

            duration = TimeSpan.FromTicks((long)(amount * scale * TimeSpan.TicksPerSecond));
            return true;
        }

        private static bool IsDecimal(string value)
        {
            var dots = 0;
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '.') dots++;
                else if (value[i] < '0' || value[i] > '9') return false;
            }

            return value.Length > 0 && dots <= 1 && value[0] != '.' && value[value.Length - 1] != '.';
        }
    }
}
