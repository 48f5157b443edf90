using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.TestUtilities;
using static Sandbox.TestUtilities.LimitSyntaxCases;

namespace Sandbox.Core.Tests;

/// <summary>The runtime's configuration reads limits as the shared table (<see cref="LimitSyntaxCases"/>) says.</summary>
public sealed class LimitGrammarTests
{
    public static TheoryData<string, string> DurationCases => LimitSyntaxCases.Durations;

    public static TheoryData<string, string> SizeCases => LimitSyntaxCases.Sizes;

    [Theory]
    [MemberData(nameof(DurationCases))]
    public void The_configuration_reads_a_timeout_as_the_shared_table_says(string json, string answer) =>
        Assert.Equal(answer, Read("timeout", json, l => l.HasTimeout ? l.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture) : NoLimit));

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void The_configuration_reads_a_memory_limit_as_the_shared_table_says(string json, string answer) =>
        Assert.Equal(answer, Read("memory", json, l => l.MemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? NoLimit));

    private static string Read(string key, string json, Func<ResourceLimits, string> answer)
    {
        try
        {
            var config = SandboxConfigLoader.Parse($$"""{ "defaults": { "{{key}}": {{json}} } }""", Path.Combine(AppContext.BaseDirectory, "sandbox.json"));
            return answer(config.Defaults.Limits);
        }
        catch (SandboxConfigurationException)
        {
            return Invalid;
        }
    }
}
