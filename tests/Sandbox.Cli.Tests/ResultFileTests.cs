using System.Text.Json;
using static Sandbox.Cli.Tests.CliHarness;

namespace Sandbox.Cli.Tests;

/// <summary><c>--result-file</c>: the structured result next to streamed output (what the MSBuild task reads).</summary>
public sealed class ResultFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sandbox-result-");

    private string ResultFile => Path.Combine(_directory.FullName, "result.json");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task The_result_file_holds_the_json_object_while_the_output_still_streams()
    {
        var run = await InvokeAsync("run", "--result-file", ResultFile, "--", "echo", "hi");
        var json = await InvokeAsync("run", "--json", "--", "echo", "hi");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hi\n", run.Stdout);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(ResultFile, TestContext.Current.CancellationToken));
        using var printed = JsonDocument.Parse(json.Stdout);
        Assert.Equal(printed.RootElement.EnumerateObject().Select(p => p.Name), written.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hi\n", written.RootElement.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task A_framework_error_is_written_to_the_result_file_too()
    {
        var run = await InvokeAsync("run", "--result-file", ResultFile, "--executor", "nope", "--", "echo");

        Assert.Equal(125, run.ExitCode);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(ResultFile, TestContext.Current.CancellationToken));
        Assert.Equal("notFound", written.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Exec_writes_the_exec_object_with_the_run_inside()
    {
        var code = Path.Combine(_directory.FullName, "handler.py");
        await File.WriteAllTextAsync(code, "def handler(input):\n    return 1\n", TestContext.Current.CancellationToken);

        await InvokeAsync("exec", "--template", "python-handler", "--code", code, "--result-file", ResultFile);

        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(ResultFile, TestContext.Current.CancellationToken));
        Assert.Equal(["ok", "result", "error", "execution"], written.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("fake", written.RootElement.GetProperty("execution").GetProperty("executor").GetString());
    }
}
