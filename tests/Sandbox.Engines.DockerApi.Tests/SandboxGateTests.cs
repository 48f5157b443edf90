using System.Diagnostics;
using System.Text;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>
/// The gate binary (native/sandbox-gate.c) as the framework talks to it, run directly on this host: the header goes in
/// on stdin and stops there, the command's status and the figures come out on the token's end lines.
/// </summary>
public sealed class SandboxGateTests
{
    private const string Token = "00112233445566778899aabbccddeeff";
    private static readonly string Binary = Path.Combine(AppContext.BaseDirectory, "sandbox-gate");

    [Fact]
    public async Task The_command_gets_its_arguments_verbatim_and_the_rest_of_stdin_and_its_status_is_reported()
    {
        byte[] input = [.. GateProtocol.Header(Token, ["sh", "-c", "printf '%s|' \"$@\"; cat; echo; echo err >&2; exit 7", "sh", "it's", "", "two\nlines"], null, []), .. "after the header"u8];

        var (exitCode, stdout, stderr) = await RunAsync(input);

        Assert.Equal(7, exitCode);
        Assert.Equal($"it's||two\nlines|after the header\n{GateProtocol.EndMarker(Token)}\n", stdout);
        Assert.StartsWith($"err\n{GateProtocol.EndMarker(Token)} 7 ", stderr, StringComparison.Ordinal);
        var report = GateProtocol.ParseEnd(stderr[(stderr.IndexOf(Token, StringComparison.Ordinal) + Token.Length)..]);
        Assert.Equal(7, report?.ExitCode);
    }

    [Fact]
    public async Task The_working_directory_and_environment_apply_to_the_command()
    {
        var (exitCode, stdout, _) = await RunAsync(GateProtocol.Header(Token, ["sh", "-c", "echo \"$(pwd)|$EXTRA\""], "/tmp", ["EXTRA=it's extra"]));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("/tmp|it's extra\n", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-program-here", 127)]
    [InlineData("/etc/passwd", 126)]
    public async Task A_command_that_cannot_run_fails_like_in_a_shell(string program, int expected)
    {
        var (exitCode, _, stderr) = await RunAsync(GateProtocol.Header(Token, [program], null, []));

        Assert.Equal(expected, exitCode);
        Assert.Contains(program, stderr, StringComparison.Ordinal);
        Assert.Contains($"{GateProtocol.EndMarker(Token)} {expected} ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_complete_header_nothing_runs()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Encoding.UTF8.GetBytes(Token + "\0Aecho"));

        Assert.Equal(125, exitCode);
        Assert.Empty(stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task A_command_killed_by_a_signal_is_reported_as_128_plus_the_signal()
    {
        var (exitCode, _, stderr) = await RunAsync(GateProtocol.Header(Token, ["sh", "-c", "kill -9 $$"], null, []));

        Assert.Equal(137, exitCode);
        Assert.Contains($"{GateProtocol.EndMarker(Token)} 137 ", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(byte[] input)
    {
        Assert.True(File.Exists(Binary), $"{Binary} was not built (gcc is needed: run `bash build/setup.sh`)");
        var start = new ProcessStartInfo(Binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(input, TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
