using System.Text.Json;
using Xunit;

namespace Sandbox.TestUtilities;

/// <summary>
/// One table of limit values, fed to every reader of the limit grammar (the runtime's configuration, the policy
/// validator, the sandbox.json analyzer, the MSBuild task): each must give the answer written here.
/// </summary>
public static class LimitSyntaxCases
{
    /// <summary>The answer for a value that means "no limit".</summary>
    public const string NoLimit = "none";

    /// <summary>The answer for a value that is refused.</summary>
    public const string Invalid = "invalid";

    /// <summary>Durations as JSON values, and the answer: seconds (invariant culture), <see cref="NoLimit"/> or <see cref="Invalid"/>.</summary>
    public static TheoryData<string, string> Durations => Rows(DurationTable);

    /// <summary>Sizes as JSON values, and the answer: bytes, <see cref="NoLimit"/> or <see cref="Invalid"/>.</summary>
    public static TheoryData<string, string> Sizes => Rows(SizeTable);

    /// <summary>The durations whose JSON value is a string, unquoted: what an MSBuild parameter or a CLI option can hold.</summary>
    public static TheoryData<string, string> DurationTexts => Rows(AsText(DurationTable));

    /// <summary>The sizes whose JSON value is a string, unquoted.</summary>
    public static TheoryData<string, string> SizeTexts => Rows(AsText(SizeTable));

    private static readonly (string Json, string Answer)[] DurationTable =
    [
        ("\"30s\"", "30"),
        ("\"5min\"", "300"),
        ("\"5m\"", "300"),
        ("\"00:05:00\"", "300"),
        ("\"500ms\"", "0.5"),
        ("\"1h\"", "3600"),
        ("\" 2 H \"", "7200"),
        ("\"45\"", "45"),
        ("30", "30"),
        ("\"none\"", NoLimit),
        ("\"infinite\"", NoLimit),
        ("\"None\"", NoLimit),
        ("null", NoLimit),
        ("\"0s\"", Invalid),
        ("\"-5s\"", Invalid),
        ("\"00:00:00\"", Invalid),
        ("\"soon\"", Invalid),
        ("\"5 fortnights\"", Invalid),
    ];

    private static readonly (string Json, string Answer)[] SizeTable =
    [
        ("\"512m\"", "536870912"),
        ("\"1g\"", "1073741824"),
        ("\"1.5gb\"", "1610612736"),
        ("\"64MiB\"", "67108864"),
        ("\"64k\"", "65536"),
        ("\"1024\"", "1024"),
        ("1024", "1024"),
        ("\"none\"", NoLimit),
        ("\"INFINITE\"", NoLimit),
        ("null", NoLimit),
        ("\"lots\"", Invalid),
        ("\"0\"", Invalid),
        ("\"2gb!\"", Invalid),
        ("-1", Invalid),
    ];

    /// <summary>Whether <paramref name="answer"/> says "no limit" (what the SBX checks flag).</summary>
    public static bool IsNoLimit(string answer) => answer == NoLimit;

    private static IEnumerable<(string Text, string Answer)> AsText(IEnumerable<(string Json, string Answer)> cases) =>
        cases.Where(c => c.Json.StartsWith('"')).Select(c => (JsonSerializer.Deserialize<string>(c.Json)!, c.Answer));

    private static TheoryData<string, string> Rows(IEnumerable<(string First, string Answer)> cases)
    {
        var rows = new TheoryData<string, string>();
        foreach (var (first, answer) in cases) rows.Add(first, answer);
        return rows;
    }
}
