using System.Text.Json;
using Sandbox.Abstractions;

namespace TemplatePlugin1.Tests;

public sealed class PluginShortNameValidatorTests
{
    private static readonly PluginShortNameValidator Validator = new(PluginContext.Empty);

    [Fact]
    public async Task Forbidden_text_is_reported_with_file_line_and_column()
    {
        var findings = await ValidateAsync(Validator, "x = 1\ny = eval(input())\n");

        var finding = Assert.Single(findings);
        Assert.Equal(PluginShortNameValidator.ForbiddenTextRule, finding.RuleId);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(("main.py", 2, 5), (finding.Path, finding.Line, finding.Column));
    }

    [Fact]
    public async Task Clean_code_has_no_findings()
    {
        var findings = await ValidateAsync(Validator, "print('hello')\n");

        Assert.Empty(findings);
    }

    [Fact]
    public async Task The_forbidden_texts_come_from_the_settings()
    {
        using var settings = JsonDocument.Parse("""{ "forbidden": ["import os"] }""");
        var validator = new PluginShortNameValidator(new PluginContext(AppContext.BaseDirectory, settings.RootElement));

        var findings = await ValidateAsync(validator, "import os\neval('1')\n");

        Assert.Equal([1], findings.Select(f => f.Line));
    }

    private static Task<IReadOnlyList<ValidationFinding>> ValidateAsync(IValidator validator, string code)
    {
        var context = new ValidationContext(ExecutionRequest.For("python3", "main.py"), [new SourceDocument("main.py", "python", code)], "docker");
        return validator.ValidateAsync(context, TestContext.Current.CancellationToken);
    }
}
