using System.Text;
using Sandbox.Abstractions;
using Xunit;

namespace Sandbox.Testing;

public abstract partial class ExecutorConformanceTests
{
    /// <summary>Files are placed relative to the working directory (or at an absolute path inside it), with their mode.</summary>
    [Fact]
    public async Task Files_are_placed_in_the_working_directory()
    {
        if (!await AdvertisesOrRefusesAsync(SandboxFeatures.FilesIn)) return;
        var request = Shell("./run.sh && cat in/data.txt abs.txt");
        request = request with
        {
            Files =
            [
                SandboxFile.FromText("run.sh", "#!/bin/sh\necho script ran\n", mode: 0x1ED),
                SandboxFile.FromText("in/data.txt", "data\n"),
                SandboxFile.FromText($"{request.WorkingDirectory}/abs.txt", "absolute\n"),
            ],
        };

        var result = await RunAsync(request);

        Assert.Equal("", result.Stderr);
        Assert.Equal("script ran\ndata\nabsolute\n", result.Stdout);
    }

    /// <summary>Collected files are named as <c>docker cp</c> names them: a file by its name, a directory by its name and contents.</summary>
    [Fact]
    public async Task Output_files_are_collected_with_docker_cp_names()
    {
        if (!await AdvertisesOrRefusesAsync(SandboxFeatures.FilesOut)) return;
        var request = Shell("mkdir -p out/sub && echo a > out/a.txt && echo b > out/sub/b.txt && echo s > single.txt");
        request = request with { OutputPaths = ["out", "single.txt", $"{request.WorkingDirectory}/out/a.txt"] };

        var result = await RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        var files = result.OutputFiles.ToDictionary(f => f.RelativePath, f => Encoding.UTF8.GetString(f.Content.Span));
        Assert.Equal(["a.txt", "out/a.txt", "out/sub/b.txt", "single.txt"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("b\n", files["out/sub/b.txt"]);
        Assert.Equal("s\n", files["single.txt"]);
        Assert.Equal($"{request.WorkingDirectory.TrimEnd('/')}/single.txt", result.OutputFiles.Single(f => f.RelativePath == "single.txt").SandboxPath);
    }

    /// <summary>A <c>..</c> in a file or output path is rejected before any sandbox exists.</summary>
    [Theory]
    [InlineData("files")]
    [InlineData("outputs")]
    public async Task Paths_that_climb_out_are_rejected_before_anything_runs(string where)
    {
        var request = Request("true");
        request = where == "files"
            ? request with { Files = [SandboxFile.FromText("../escape.txt", "x")] }
            : request with { OutputPaths = ["../../etc/passwd"] };

        await Assert.ThrowsAsync<InvalidRequestException>(() => Executor.ExecuteAsync(request, TestCancellation));

        await AssertNothingLeftAsync(request.Id!);
    }

    /// <summary>Symbolic links that escape the collected directory are refused with a warning naming them, never followed.</summary>
    [Fact]
    public async Task Escaping_symbolic_links_in_outputs_are_refused_with_a_warning()
    {
        if (!await AdvertisesOrRefusesAsync(SandboxFeatures.FilesOut)) return;
        var request = Shell("mkdir out && echo ok > out/ok.txt && ln -s /etc/passwd out/passwd-link && ln -s ../.. out/up-link && ln -s /etc/hostname leak-link");
        request = request with { OutputPaths = ["out", "leak-link"] };

        var result = await RunAsync(request);

        Assert.Equal(0, result.ExitCode);
        var collected = Assert.Single(result.OutputFiles);
        Assert.Equal("out/ok.txt", collected.RelativePath);
        Assert.Contains(result.Warnings, w => w.Contains("passwd-link", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("up-link", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("leak-link", StringComparison.Ordinal));
    }

    /// <summary>Every run starts in a fresh, writable working directory: nothing of an earlier run is visible.</summary>
    [Fact]
    public async Task Each_run_starts_in_a_fresh_working_directory()
    {
        var first = await RunAsync(Shell("echo left > leftover.txt"));
        var second = await RunAsync(Shell("test ! -e leftover.txt && ls -A | wc -l"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("0", second.Stdout.Trim());
    }
}
