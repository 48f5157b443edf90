using System.Diagnostics;
using Sandbox.Abstractions;
using Sandbox.Core.Harness;

namespace Sandbox.Core.Tests.Harness;

/// <summary>
/// The harness protocol, checked for every template by running the rendered harness with the machine's own
/// interpreter in a temp folder (the executors' end-to-end tests run the same templates inside sandboxes).
/// </summary>
public sealed class HarnessProtocolTests
{
    private static readonly TemplateCatalog Catalog = TemplateCatalog.Load([TemplateCatalog.BundledFolder]);

    public static TheoryData<string, string, string, string?, string?> Cases => new()
    {
        // template, code, input, expected result JSON (when ok), expected error type (when not ok)
        { "python-handler", "def handler(input):\n    print('noise on stdout')\n    return {'sum': input['a'] + input['b']}\n", """{"a":1,"b":2}""", """{"sum":3}""", null },
        { "python-handler", "def handler(input):\n    raise ValueError('no good')\n", "{}", null, "ValueError" },
        { "python-handler", "def other(input):\n    return 1\n", "{}", null, "HandlerNotFound" },
        { "python-handler", "def handler(input):\n    return {1, 2}\n", "{}", null, "NotSerializable" },
        { "python-handler", "def handler(input):\n    return float('nan')\n", "{}", null, "NotSerializable" },
        { "python-handler", "def handler(input):\n    return 'x' * 5000\n", "{}", null, "OutputTooLarge" },
        { "python-handler", "def handler(input)\n    return 1\n", "{}", null, "SyntaxError" },
        { "python-handler", "import sys\ndef handler(input):\n    sys.exit(3)\n", "{}", null, "SystemExit" },
        { "python-handler", "def handler(input):\n    return None\n", "{}", "null", null },
        { "python-script", "result = [x * 2 for x in input['xs']]\n", """{"xs":[1,2]}""", "[2,4]", null },
        { "python-script", "print('no result variable')\n", "{}", "null", null },
        { "python-script", "result = object()\n", "{}", null, "NotSerializable" },
        { "python-script", "1 / 0\n", "{}", null, "ZeroDivisionError" },
        { "python-script", "def broken(:\n", "{}", null, "SyntaxError" },
        { "node-handler", "module.exports = async (input) => ({ sum: input.a + input.b });\n", """{"a":1,"b":2}""", """{"sum":3}""", null },
        { "node-handler", "exports.handler = (input) => input.name.toUpperCase();\n", """{"name":"ada"}""", "\"ADA\"", null },
        { "node-handler", "exports.handler = () => { throw new RangeError('too far'); };\n", "{}", null, "RangeError" },
        { "node-handler", "exports.other = () => 1;\n", "{}", null, "HandlerNotFound" },
        { "node-handler", "exports.handler = () => 10n;\n", "{}", null, "NotSerializable" },
        { "node-handler", "exports.handler = () => 'x'.repeat(5000);\n", "{}", null, "OutputTooLarge" },
        { "node-handler", "exports.handler = () => {};\n", "{}", "null", null },
        { "node-handler", "this is not javascript\n", "{}", null, "SyntaxError" },
        { "bash-script", "grep -q '\"go\"' \"$1\" && echo going\n", """{"go":true}""", "null", null },
        { "bash-script", "test \"$SANDBOX_INPUT\" = \"$1\" || exit 9\nexit 3\n", "{}", null, "NonZeroExit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_template_follows_the_protocol(string template, string code, string input, string? expectedResult, string? expectedError)
    {
        var request = new HarnessRequest { Template = template, Code = code, InputJson = input, MaxOutputBytes = 4096 };

        var result = await RunLocallyAsync(Catalog.Get(template), request);

        Assert.Equal(expectedError, result.Error?.Type);
        Assert.Equal(expectedError is null, result.Ok);
        Assert.Equal(result.Ok ? 0 : 1, result.Execution.ExitCode is 0 ? 0 : 1);
        if (expectedResult is not null) Assert.Equal(expectedResult, result.Result?.GetRawText().Replace(" ", ""));
    }

    [Fact]
    public async Task A_failing_handler_reports_its_traceback()
    {
        var request = new HarnessRequest { Template = "python-handler", Code = "def handler(input):\n    return helper()\n\ndef helper():\n    raise KeyError('k')\n" };

        var result = await RunLocallyAsync(Catalog.Get("python-handler"), request);

        Assert.Contains("in helper", result.Error!.Traceback);
        Assert.Contains("KeyError", result.Execution.Stderr);
    }

    private static async Task<HarnessResult> RunLocallyAsync(HarnessTemplate template, HarnessRequest request)
    {
        var (execution, _) = HarnessRunner.Prepare(template, request);
        var folder = Directory.CreateTempSubdirectory("sandbox-harness-");
        try
        {
            foreach (var file in execution.Files) await File.WriteAllBytesAsync(Path.Combine(folder.FullName, file.Path), file.Content.ToArray(), TestContext.Current.CancellationToken);
            var start = new ProcessStartInfo(execution.Command[0]) { WorkingDirectory = folder.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in execution.Command.Skip(1)) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var output = Path.Combine(folder.FullName, HarnessProtocol.OutputFile);
            CollectedFile[] files = File.Exists(output) ? [new CollectedFile(HarnessProtocol.OutputFile, output, await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken))] : [];
            return HarnessRunner.Interpret(new ExecutionResult { ExitCode = process.ExitCode, Stderr = await stderr, OutputFiles = files });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
