using Sandbox.Core.Harness;

namespace Sandbox.Core.Tests.Harness;

public sealed class HarnessRendererTests
{
    private static readonly Dictionary<string, object> Variables = new() { ["name"] = "it's \"quoted\"", ["size"] = 42L };

    [Fact]
    public void Values_are_inserted_with_json_and_sh_quote()
    {
        var text = HarnessRenderer.RenderFile("py = {{ name | json }}\nsh = {{ name | sh_quote }}\nn = {{ size }}", "t.sbn", Variables);

        Assert.Equal("py = \"it\\u0027s \\u0022quoted\\u0022\"\nsh = 'it'\\''s \"quoted\"'\nn = 42", text);
    }

    [Fact]
    public void A_syntax_error_reports_file_line_and_column()
    {
        var error = Assert.Throws<TemplateException>(() => HarnessRenderer.RenderFile("line one\nx = {{ 1 + }}\n", "broken.sbn", Variables));

        Assert.Equal("broken.sbn", error.File);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
        Assert.StartsWith("broken.sbn(2,", error.Message);
    }

    [Fact]
    public void An_unknown_variable_is_an_error_not_an_empty_string()
    {
        var error = Assert.Throws<TemplateException>(() => HarnessRenderer.RenderFile("a\nb = {{ nmae }}", "typo.sbn", Variables));

        Assert.Equal(2, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Contains("nmae", error.Problem);
    }
}
