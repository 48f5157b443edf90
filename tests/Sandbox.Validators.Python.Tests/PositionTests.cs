namespace Sandbox.Validators.Python.Tests;

public sealed class PositionTests
{
    [Theory]
    [InlineData("import os", 1, 8)]
    [InlineData("x = 1\n\n    import os", 3, 12)]
    [InlineData("x = '''\n\n'''; eval('1')", 3, 6)]
    [InlineData("y = (1,\n     2); eval('1')", 2, 10)]
    [InlineData("a = 1\r\nb = 2\r\nexec('x')", 3, 1)]
    [InlineData("a = 1\rb = 2\rexec('x')", 3, 1)]
    [InlineData("s = f\"\"\"\n  {x}\n    {eval('1')}\"\"\"", 3, 6)]
    [InlineData("\tx = 1; eval('1')", 1, 9)]
    [InlineData("print('é'); eval('1')", 1, 13)]
    [InlineData("x = 1 \\\n  + eval('1')", 2, 5)]
    public void Findings_carry_one_based_line_and_column_of_the_offending_token(string code, int line, int column)
    {
        var finding = Assert.Single(Validate.Errors(code));

        Assert.Equal((line, column), (finding.Line, finding.Column));
        Assert.Equal("main.py", finding.Path);
        Assert.Equal("python", finding.Validator);
    }

    [Fact]
    public void A_finding_points_at_the_member_of_a_from_import()
    {
        var findings = Validate.Errors("import json\nfrom os import getcwd, system");

        Assert.Contains(findings, f => f.RuleId == "PY0001" && (f.Line, f.Column) == (2, 6));
        Assert.Contains(findings, f => f.RuleId == "PY0004" && (f.Line, f.Column) == (2, 24));
    }

    [Fact]
    public void The_same_finding_is_not_reported_twice()
    {
        var findings = Validate.Errors("eval('1')");

        Assert.Single(findings);
    }
}
