using System.Globalization;
using System.Text.Json;
using Sandbox.TestUtilities;
using static Sandbox.TestUtilities.LimitSyntaxCases;

namespace Sandbox.Validators.Policy.Tests;

/// <summary>The policy's ceilings read limits as the shared table (<see cref="LimitSyntaxCases"/>) says.</summary>
public sealed class LimitGrammarTests
{
    public static TheoryData<string, string> DurationCases => LimitSyntaxCases.Durations;

    public static TheoryData<string, string> SizeCases => LimitSyntaxCases.Sizes;

    [Theory]
    [MemberData(nameof(DurationCases))]
    public void A_timeout_ceiling_reads_as_the_shared_table_says(string json, string answer) =>
        Assert.Equal(answer, Read("Timeout", json, c => c.Timeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? NoLimit));

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void A_memory_ceiling_reads_as_the_shared_table_says(string json, string answer) =>
        Assert.Equal(answer, Read("Memory", json, c => c.Memory?.ToString(CultureInfo.InvariantCulture) ?? NoLimit));

    private static string Read(string key, string json, Func<CeilingSettings, string> answer)
    {
        try
        {
            return answer(JsonSerializer.Deserialize<CeilingSettings>($$"""{ "{{key}}": {{json}} }""")!);
        }
        catch (JsonException)
        {
            return Invalid;
        }
    }
}
