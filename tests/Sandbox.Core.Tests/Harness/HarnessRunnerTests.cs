using System.Text;
using Sandbox.Abstractions;
using Sandbox.Core.Harness;

namespace Sandbox.Core.Tests.Harness;

public sealed class HarnessRunnerTests
{
    private static readonly HarnessTemplate Python = TemplateCatalog.Load([TemplateCatalog.BundledFolder]).Get("python-handler");

    [Fact]
    public void Prepare_puts_code_input_and_harness_side_by_side_and_collects_the_envelope()
    {
        var (request, sources) = HarnessRunner.Prepare(Python, new HarnessRequest { Template = Python.Name, Code = "def handler(i): return i", InputJson = """{"a":1}""" });

        Assert.Equal(["harness.py", "handler.py", "input.json"], request.Files.Select(f => f.Path));
        Assert.Equal(["python3", "-I", "-B", "harness.py"], request.Command);
        Assert.Equal(["output.json"], request.OutputPaths);
        var source = Assert.Single(sources);
        Assert.Equal(("handler.py", "python"), (source.Path, source.Language));
    }

    [Fact]
    public void An_explicit_image_wins_over_the_template_default()
    {
        var (request, _) = HarnessRunner.Prepare(Python, new HarnessRequest { Template = Python.Name, Code = "", Base = new ExecutionRequest { Image = "mine:1" } });

        Assert.Equal("mine:1", request.Image);
    }

    [Fact]
    public void Invalid_input_json_is_refused_before_anything_runs()
    {
        var error = Assert.Throws<InvalidRequestException>(() => HarnessRunner.Prepare(Python, new HarnessRequest { Template = Python.Name, Code = "", InputJson = "{nope" }));

        Assert.Equal("input", error.Field);
    }

    [Theory]
    [InlineData("""{"ok":true,"result":{"sum":3}}""", true, null)]
    [InlineData("""{"ok":false,"error":{"type":"ValueError","message":"bad","traceback":"Traceback..."}}""", false, "ValueError")]
    [InlineData("""not json""", false, "BadEnvelope")]
    public void Interpret_reads_the_envelope(string envelope, bool ok, string? errorType)
    {
        var execution = new ExecutionResult { ExitCode = ok ? 0 : 1, OutputFiles = [new CollectedFile("output.json", "/workspace/output.json", Encoding.UTF8.GetBytes(envelope))] };

        var result = HarnessRunner.Interpret(execution);

        Assert.Equal(ok, result.Ok);
        Assert.Equal(errorType, result.Error?.Type);
        if (ok) Assert.Equal(3, result.Result!.Value.GetProperty("sum").GetInt32());
    }

    [Fact]
    public void A_run_killed_before_writing_its_envelope_says_why()
    {
        var result = HarnessRunner.Interpret(new ExecutionResult { ExitCode = 137, TimedOut = true });

        Assert.False(result.Ok);
        Assert.Equal("NoOutput", result.Error!.Type);
        Assert.Contains("timed out", result.Error.Message);
    }
}
