using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Sandbox.Abstractions.Rules;
using Sandbox.Build.Diagnostics;
using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests;

/// <summary>The code catalog, the package's targets and docs/msbuild.md say the same thing.</summary>
public sealed partial class DiagnosticsCatalogTests
{
    private static readonly string Documentation = File.ReadAllText(RepositoryLayout.PathOf("docs", "msbuild.md"));

    [Fact]
    public void Codes_are_unique_and_their_number_says_their_severity()
    {
        Assert.Equal(BuildDiagnostics.All.Count, BuildDiagnostics.All.Select(d => d.Code).Distinct().Count());
        Assert.All(BuildDiagnostics.All, d =>
        {
            Assert.Matches("^SBXB[01][0-9]{2}$", d.Code);
            Assert.Equal(d.Code[4] == '0' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.Severity);
        });
    }

    [Fact]
    public void The_catalog_lists_every_diagnostic_field()
    {
        var fields = typeof(BuildDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(BuildDiagnostic))
            .Select(f => (BuildDiagnostic)f.GetValue(null)!);

        Assert.Equal(fields.Select(d => d.Code).Order(), BuildDiagnostics.All.Select(d => d.Code).Order());
    }

    [Fact]
    public void Every_code_has_an_anchored_row_in_the_documentation_and_no_other_code_is_documented()
    {
        var documented = DocumentedCode().Matches(Documentation).Select(m => m.Groups["code"].Value).ToList();

        Assert.Equal(BuildDiagnostics.All.Select(d => d.Code), documented);
        Assert.All(BuildDiagnostics.All, d => Assert.EndsWith("#" + d.Code.ToLowerInvariant(), d.HelpLink));
    }

    [Fact]
    public void Every_parameter_and_output_of_the_task_is_in_the_documentation_tables()
    {
        var properties = typeof(SandboxRun).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.Name != nameof(SandboxRun.BuildEngine))
            .Select(p => p.Name);

        Assert.All(properties, name => Assert.Contains($"| `{name}` |", Documentation));
    }

    [Fact]
    public void TreatWarningsAsErrors_covers_every_SBX_security_warning_and_every_task_warning()
    {
        var targets = XDocument.Load(RepositoryLayout.PathOf("src", "Sandbox.Build", "build", "Sandbox.Build.targets"));
        var listed = targets.Descendants().Single(e => e.Name.LocalName == "SandboxWarningCodes").Value.Split(';');

        var expected = SandboxRules.All.Where(r => r.Category == SandboxRules.Security && !r.IsInformational).Select(r => r.Id)
            .Concat(BuildDiagnostics.All.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Code));
        Assert.Equal(expected.Order(), listed.Order());
    }

    [Fact]
    public void Outputs_are_marked_as_outputs()
    {
        var outputs = typeof(SandboxRun).GetProperties().Where(p => p.GetCustomAttribute<OutputAttribute>() is not null).Select(p => p.Name);

        Assert.Equal(["CollectedFiles", "ExitCode", "ResultJson", "StandardOutput"], outputs.Order());
    }

    [GeneratedRegex(@"<a id=""sbxb\d{3}""></a>(?<code>SBXB\d{3})")]
    private static partial Regex DocumentedCode();
}
