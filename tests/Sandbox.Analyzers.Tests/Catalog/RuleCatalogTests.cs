using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Abstractions.Rules;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Analyzers.Tests.Catalog;

/// <summary>The analyzers, the shared SBX catalog, the rule pages and the README table agree.</summary>
public sealed class RuleCatalogTests
{
    private static readonly string RulesDirectory = RepositoryLayout.PathOf("docs", "rules");

    public static TheoryData<string> RuleIds => new(SandboxRules.All.Select(r => r.Id));

    [Fact]
    public void Every_catalog_rule_is_reported_by_an_analyzer_and_nothing_else_is()
    {
        Assert.Equal(SandboxRules.All.Select(r => r.Id), AnalyzerAssemblies.Descriptors.Select(d => d.Id));
        Assert.Equal(SandboxRules.All.Select(r => r.Id), SandboxDiagnostics.All.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_descriptor_says_what_the_runtime_catalog_says(string id)
    {
        var rule = SandboxRules.All.Single(r => r.Id == id);
        var descriptor = AnalyzerAssemblies.Descriptors.Single(d => d.Id == id);

        Assert.Equal(rule.Title, descriptor.Title.ToString());
        Assert.Equal(rule.MessageFormat, descriptor.MessageFormat.ToString());
        Assert.Equal(rule.Category, descriptor.Category);
        Assert.Equal(rule.Description, descriptor.Description.ToString());
        Assert.Equal(rule.IsInformational ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_descriptor_has_a_help_link_and_a_page_that_matches_it(string id)
    {
        var descriptor = AnalyzerAssemblies.Descriptors.Single(d => d.Id == id);
        Assert.Equal(SandboxRules.GetHelpUri(id), descriptor.HelpLinkUri);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var page = Path.Combine(RulesDirectory, id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| Code fix | {(AnalyzerAssemblies.FixableIds.Contains(id) ? "Yes" : "No")} |", text, StringComparison.Ordinal);
        Assert.Equal(AnalyzerAssemblies.ConfigFileIds.Contains(id), !text.Contains("| `sandbox.json` | No", StringComparison.Ordinal));
        foreach (var section in new[] { "## What it flags", "## Why it is dangerous", "## Non-compliant code", "## Compliant code", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void There_is_no_page_for_a_rule_that_does_not_exist()
    {
        var pages = Directory.GetFiles(RulesDirectory, "SBX*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(SandboxRules.All.Select(r => r.Id).Order(StringComparer.Ordinal), pages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyzers_and_fixers_follow_the_conventions()
    {
        Assert.All(AnalyzerAssemblies.AnalyzerTypes, t =>
        {
            Assert.True(t.IsSealed && t.IsPublic, $"{t.Name} must be public sealed");
            Assert.Equal("Sandbox.Analyzers.Rules", t.Namespace);
            Assert.EndsWith("Analyzer", t.Name, StringComparison.Ordinal);
            Assert.Contains(LanguageNames.CSharp, t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Cast<DiagnosticAnalyzerAttribute>().SelectMany(a => a.Languages));
        });
        Assert.All(AnalyzerAssemblies.FixerTypes, t =>
        {
            Assert.True(t.IsSealed && t.IsPublic, $"{t.Name} must be public sealed");
            Assert.Equal("Sandbox.Analyzers.CodeFixes.Rules", t.Namespace);
            Assert.EndsWith("Fixer", t.Name, StringComparison.Ordinal);
            Assert.NotEmpty(t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false));
        });
        Assert.Subset(SandboxRules.All.Select(r => r.Id).ToHashSet(), AnalyzerAssemblies.FixableIds.ToHashSet());
    }

    public static TheoryData<string> ReadmesWithTheRuleTable => new(Path.Combine(RulesDirectory, "README.md"), RepositoryLayout.PathOf("README.md"));

    [Theory]
    [MemberData(nameof(ReadmesWithTheRuleTable))]
    public void The_readme_rule_table_is_generated_from_the_descriptors(string readme)
    {
        var current = File.ReadAllText(readme).ReplaceLineEndings("\n");
        var expected = RuleTable.Replace(current, RuleTable.Generate());
        if (current == expected) return;

        // Regenerate locally so the fix is one commit away; CI only reports the drift.
        if (!EngineGate.IsCi) File.WriteAllText(readme, expected);
        Assert.Fail($"{readme} was out of date{(EngineGate.IsCi ? "" : " and has been regenerated: review and commit it")}.");
    }

    [Fact]
    public void The_readme_links_every_rule_page()
    {
        var readme = File.ReadAllText(Path.Combine(RulesDirectory, "README.md"));
        var linked = Regex.Matches(readme, @"\[(SBX\d{4})\]").Select(m => m.Groups[1].Value).Distinct();
        Assert.Equal(SandboxRules.All.Select(r => r.Id), linked);
    }
}
