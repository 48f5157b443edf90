using System.Text;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;
using Sandbox.Engines.DockerApi.Sessions;
using Sandbox.Toolkit;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>The gate's end line is found in the output however the reads split it, and nothing else is taken for it.</summary>
public sealed class EndMarkerScannerTests
{
    private const string Token = "0123456789abcdef";
    private static readonly string Marker = GateProtocol.EndMarker(Token);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Output_before_the_marker_is_kept_and_the_status_is_read_whatever_the_read_sizes(int readSize)
    {
        var (output, status) = Scan($"line one\nno newline at the end{Marker} 3 0\nwritten later by a background process\n", readSize);

        Assert.Equal("line one\nno newline at the end", output);
        Assert.Equal(" 3 0", status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public void Lookalikes_with_another_token_or_a_partial_marker_are_output(int readSize)
    {
        var forged = GateProtocol.EndMarker("forged-token-000");
        var text = $"\u001e\u001esandbox-e{forged} 0 0\n\u001esandbox-end {Token[..5]}x\n";

        var (output, status) = Scan(text + $"{Marker} 1 -\n", readSize);

        Assert.Equal(text, output);
        Assert.Equal(" 1 -", status);
    }

    [Fact]
    public void A_stream_that_ends_inside_a_partial_marker_gives_those_bytes_back()
    {
        var capture = new OutputCapture(OutputStream.Stdout, 1024);
        var scanner = new EndMarkerScanner(Encoding.UTF8.GetBytes(Marker), capture);

        Assert.False(scanner.Feed(Encoding.UTF8.GetBytes("out\u001esandbox-en")));
        scanner.Flush();
        capture.Complete();

        Assert.Equal("out\u001esandbox-en", capture.GetText());
        Assert.Null(scanner.Status);
    }

    [Theory]
    [InlineData(" 0 - - -", 0, null, null, null)]
    [InlineData(" 137 1 2500000 65536", 137, 1L, 2.5, 65536L)]
    [InlineData(" 0 0", null, null, null, null)]
    [InlineData("", null, null, null, null)]
    [InlineData(" x 0 1 1", null, null, null, null)]
    public void The_end_status_gives_the_exit_code_the_oom_counter_and_the_figures(string status, int? exitCode, long? oomKills, double? cpuMs, long? peak)
    {
        var parsed = GateProtocol.ParseEnd(status);

        Assert.Equal(exitCode, parsed?.ExitCode);
        Assert.Equal(oomKills, parsed?.OomKills);
        Assert.Equal(cpuMs, parsed?.Stats.CpuTime?.TotalMilliseconds);
        Assert.Equal(peak, parsed?.Stats.PeakMemoryBytes);
    }

    [Fact]
    public void The_fallback_gate_input_quotes_every_word_and_keeps_the_command_on_one_line()
    {
        var input = SessionScripts.GateInput(["printf", "it's\n$HOME"], "/workspace/sub dir", ["A=b c"]);

        Assert.Equal("cd '/workspace/sub dir' || exit 126; export 'A=b c'; exec 'printf' 'it'\\''s'\"$nl\"'$HOME'\n", input);
    }

    private static (string Output, string? Status) Scan(string text, int readSize)
    {
        var capture = new OutputCapture(OutputStream.Stdout, 1024 * 1024);
        var scanner = new EndMarkerScanner(Encoding.UTF8.GetBytes(Marker), capture);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < bytes.Length && !scanner.Feed(bytes.AsSpan(offset, Math.Min(readSize, bytes.Length - offset))); offset += readSize)
        {
        }

        scanner.Flush();
        capture.Complete();
        return (capture.GetText(), scanner.Status);
    }
}
