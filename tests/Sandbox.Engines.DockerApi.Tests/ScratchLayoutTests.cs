using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class ScratchLayoutTests
{
    private static ScratchLayout Plan(string[]? files = null, string[]? outputs = null, string workdir = "/workspace") =>
        ScratchLayout.Plan(ExecutionRequest.For("true") with
        {
            WorkingDirectory = workdir,
            Files = [.. (files ?? []).Select(f => SandboxFile.FromText(f, "x"))],
            OutputPaths = outputs ?? [],
        });

    [Fact]
    public void Without_files_or_outputs_nothing_persists_and_no_volume_is_used()
    {
        var layout = Plan();

        Assert.False(layout.WorkingDirectoryIsVolume);
        Assert.Empty(layout.Volumes);
    }

    [Theory]
    [InlineData(new[] { "in.txt" }, new string[0])]
    [InlineData(new string[0], new[] { "out" })]
    [InlineData(new[] { "/workspace/sub/in.txt" }, new[] { "/workspace" })]
    public void Files_or_outputs_in_the_working_directory_make_it_a_volume(string[] files, string[] outputs)
    {
        var layout = Plan(files, outputs);

        Assert.True(layout.WorkingDirectoryIsVolume);
        Assert.Equal(["/workspace"], layout.Volumes);
    }

    [Fact]
    public void Paths_elsewhere_get_their_parent_directory_as_a_volume_outermost_first()
    {
        var layout = Plan(files: ["/opt/data/a/in.txt"], outputs: ["/results/report.txt", "/opt/data/a/b/out.txt", "/out"]);

        Assert.False(layout.WorkingDirectoryIsVolume);
        Assert.Equal(["/out", "/results", "/opt/data/a"], layout.Volumes);
        Assert.Equal("/opt/data/a/in.txt", layout.Files.Single().Path);
    }

    [Fact]
    public void A_working_directory_inside_another_volume_keeps_its_own()
    {
        var layout = Plan(files: ["/data/input.txt", "x.txt"], workdir: "/data/work");

        Assert.Equal(["/data", "/data/work"], layout.Volumes);
    }

    [Theory]
    [InlineData("/tmp/in.txt", null)]
    [InlineData(null, "/tmp/out")]
    [InlineData("/in.txt", null)]
    public void Paths_the_layout_cannot_provide_are_refused(string? file, string? output)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Plan(file is null ? null : [file], output is null ? null : [output]));

        Assert.StartsWith(file is null ? "outputPaths[0]" : "files[0]", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_working_directory_in_tmp_is_refused()
    {
        Assert.Equal("workingDirectory", Assert.Throws<InvalidRequestException>(() => Plan(workdir: "/tmp/work")).Field);
    }
}
