using Sandbox.Abstractions.Rules;
using Sandbox.Build.Safety;
using Sandbox.TestUtilities;
using static Sandbox.TestUtilities.LimitSyntaxCases;

namespace Sandbox.Build.Tests;

/// <summary>The task's parameters are flagged exactly where the shared table (<see cref="LimitSyntaxCases"/>) says "no limit".</summary>
public sealed class LimitGrammarTests
{
    public static TheoryData<string, string> DurationCases => LimitSyntaxCases.DurationTexts;

    public static TheoryData<string, string> SizeCases => LimitSyntaxCases.SizeTexts;

    [Theory]
    [MemberData(nameof(DurationCases))]
    public void A_Timeout_parameter_is_flagged_SBX0006_exactly_when_the_shared_table_says_no_limit(string text, string answer) =>
        Assert.Equal(IsNoLimit(answer), UnsafeSettings.OfParameters(new SandboxRun { Timeout = text }).Any(f => f.RuleId == SandboxRules.NoTimeoutId));

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void A_Memory_parameter_is_flagged_SBX0005_exactly_when_the_shared_table_says_no_limit(string text, string answer) =>
        Assert.Equal(IsNoLimit(answer), UnsafeSettings.OfParameters(new SandboxRun { Memory = text }).Any(f => f.RuleId == SandboxRules.NoMemoryLimitId));
}
