using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandbox.Core.Sessions.Parsing;

/// <summary>Helpers the runner parsers share: ANSI colours stripped, lines split, numbers read.</summary>
internal static partial class OutputText
{
    /// <summary>The output's lines with ANSI escape sequences removed (runners colour their summaries).</summary>
    public static string[] Lines(string output) => AnsiEscape().Replace(output, "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>The integer in <paramref name="group"/>, or 0 when it did not match.</summary>
    public static int Number(Group group) => group.Success ? int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    /// <summary>The percentage in <paramref name="group"/>, or <c>null</c> when it did not match.</summary>
    public static double? Percent(Group group) =>
        group.Success && double.TryParse(group.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
