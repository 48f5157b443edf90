using Sandbox.Abstractions;

namespace Sandbox.Validators.Python.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Deny_adds_modules_to_the_default_deny_list()
    {
        var findings = Validate.Errors("import requests_oauthlib\nimport numpy.linalg\nimport os", """{ "deny": ["numpy"] }""");

        Assert.Equal(["numpy.linalg", "os"], findings.Where(f => f.RuleId == "PY0001").Select(f => f.Message.Split('\'')[1]["import ".Length..]));
    }

    [Fact]
    public void Default_deny_can_be_turned_off()
    {
        var findings = Validate.Errors("import os\nimport numpy", """{ "defaultDeny": false, "deny": ["numpy"] }""");

        var finding = Assert.Single(findings);
        Assert.Contains("numpy", finding.Message);
    }

    [Fact]
    public void Allow_list_mode_accepts_only_listed_modules_and_their_submodules()
    {
        const string settings = """{ "allow": ["json", "os.path", "collections"] }""";

        var findings = Validate.Errors("import json\nimport collections.abc\nfrom os import path\nimport os.path\nimport math\nfrom os import getcwd", settings);

        Assert.All(findings, f => Assert.Equal("PY0007", f.RuleId));
        Assert.Equal([5, 6], findings.Select(f => f.Line!.Value));
    }

    [Fact]
    public void Allowing_a_module_does_not_allow_its_dangerous_members()
    {
        var findings = Validate.Errors("import os\nos.system('id')\nprint(os.getcwd())", """{ "allow": ["os"] }""");

        var finding = Assert.Single(findings);
        Assert.Equal(("PY0004", 2), (finding.RuleId, finding.Line!.Value));
    }

    [Fact]
    public void Allow_all_accepts_every_import_but_still_reports_dangerous_calls()
    {
        var findings = Validate.Errors("import os, subprocess\nsubprocess.run(['id'])\neval('1')", """{ "allowAll": true }""");

        Assert.Equal(["PY0004", "PY0003"], findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Dynamic_import_of_an_allowed_constant_module_is_a_warning()
    {
        var finding = Assert.Single(Validate.Code("__import__('json')"));

        Assert.Equal(("PY0010", FindingSeverity.Warning), (finding.RuleId, finding.Severity));
    }

    [Fact]
    public void Dynamic_import_of_a_module_outside_the_allow_list_is_an_error()
    {
        var finding = Assert.Single(Validate.Code("__import__('math')", """{ "allow": ["json"] }"""));

        Assert.Equal("PY0007", finding.RuleId);
    }

    [Fact]
    public void Allow_calls_exempts_builtins_and_members_including_wildcards()
    {
        const string settings = """{ "allowAll": true, "allowCalls": ["open", "os.kill*"] }""";

        var findings = Validate.Errors("import os\nopen('f')\nos.kill(1, 9)\nos.killpg(1, 9)\nos.system('x')", settings);

        var finding = Assert.Single(findings);
        Assert.Equal(5, finding.Line);
    }

    [Fact]
    public void Deny_calls_adds_members_and_builtins_to_report()
    {
        var findings = Validate.Errors("import numpy as np\nnp.load('x.npy')\ninput()", """{ "denyCalls": ["numpy.load", "input"] }""");

        Assert.Equal(["PY0004", "PY0003"], findings.Select(f => f.RuleId));
        Assert.Contains("denyCalls", findings[0].Message);
    }

    [Fact]
    public void Severity_overrides_change_or_silence_a_rule()
    {
        const string settings = """{ "severity": { "PY0006": "warning", "py0003": "none" } }""";

        var findings = Validate.Code("getattr(o, name)\neval('1')", settings);

        var finding = Assert.Single(findings);
        Assert.Equal(("PY0006", FindingSeverity.Warning), (finding.RuleId, finding.Severity));
    }

    [Theory]
    [InlineData("""{ "deny": "os" }""", "deny")]
    [InlineData("""{ "denny": ["os"] }""", "denny")]
    [InlineData("""{ "allowAll": "yes" }""", "allowAll")]
    [InlineData("""{ "deny": ["os..path"] }""", "os..path")]
    [InlineData("""{ "allow": ["json"], "allowAll": true }""", "allowAll: cannot be set with allow")]
    [InlineData("""{ "severity": { "PY9999": "error" } }""", "PY9999")]
    [InlineData("""{ "severity": { "PY0001": "fatal" } }""", "fatal")]
    [InlineData("""{ "allowCalls": ["os.*.*"] }""", "os.*.*")]
    public void Malformed_settings_fail_construction_with_a_message_naming_the_problem(string json, string named)
    {
        var error = Assert.Throws<PluginSettingsException>(() => Validate.Validator(json));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task Only_python_sources_are_validated()
    {
        var validator = Validate.Validator();
        var request = ExecutionRequest.For("python3", "main.py");
        var sources = new[]
        {
            new SourceDocument("main.py", "python", "import os"),
            new SourceDocument("run.sh", "bash", "import os"),
            new SourceDocument("lib.py", "Python3", "eval('1')"),
        };

        var findings = await validator.ValidateAsync(new ValidationContext(request, sources, "docker"), TestContext.Current.CancellationToken);

        Assert.Equal(["main.py", "lib.py"], findings.Select(f => f.Path));
        Assert.Equal("python", validator.Name);
    }
}
