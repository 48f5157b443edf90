using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;
using Sandbox.TestUtilities;
using static Sandbox.TestUtilities.LimitSyntaxCases;

namespace Sandbox.Analyzers.Tests.Rules;

/// <summary>The sandbox.json checks flag a missing limit exactly where the shared table (<see cref="LimitSyntaxCases"/>) says "no limit".</summary>
public sealed class LimitGrammarTests
{
    public static TheoryData<string, string> DurationCases => LimitSyntaxCases.Durations;

    public static TheoryData<string, string> SizeCases => LimitSyntaxCases.Sizes;

    [Theory]
    [MemberData(nameof(DurationCases))]
    public Task SBX0006_flags_a_timeout_exactly_when_the_shared_table_says_no_limit(string json, string answer) =>
        Check("timeout", json, answer, SandboxDiagnostics.NoTimeout);

    [Theory]
    [MemberData(nameof(SizeCases))]
    public Task SBX0005_flags_a_memory_limit_exactly_when_the_shared_table_says_no_limit(string json, string answer) =>
        Check("memory", json, answer, SandboxDiagnostics.NoMemoryLimit);

    private static Task Check(string key, string json, string answer, DiagnosticDescriptor rule)
    {
        var builder = new ProjectBuilder().WithAnalyzer<SandboxConfigAnalyzer>().WithSourceCode("class C { }")
            .WithAdditionalFile("sandbox.json", $$"""{ "defaults": { "{{key}}": {{json}} } }""");
        // The key starts at column 17 of the one line; its span covers the quotes.
        if (IsNoLimit(answer)) builder = builder.ShouldReportDiagnostic(new DiagnosticResult(rule).WithSpan("sandbox.json", 1, 17, 1, 19 + key.Length).WithArguments($"defaults.{key}"));
        return builder.ValidateAsync();
    }
}
