using System.Formats.Tar;
using System.Text;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>Crafted archives, as a hostile workload could make the engine return them.</summary>
public sealed class OutputArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Regular_files_are_collected_with_docker_cp_names_and_modes()
    {
        var tar = Tar(Dir("out/"), File("out/a.txt", "a", 0x1ED), File("./out/sub/b.txt", "b"));
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(tar, "/workspace/out", Ct);

        Assert.Equal(["out/a.txt", "out/sub/b.txt"], archive.Files.Select(f => f.RelativePath));
        Assert.Equal("/workspace/out/a.txt", archive.Files[0].SandboxPath);
        Assert.Equal(0x1ED, archive.Files[0].Mode);
        Assert.Equal("b", Encoding.UTF8.GetString(archive.Files[1].Content.Span));
        Assert.Empty(archive.Warnings);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../escape.txt")]
    [InlineData("out/../../escape.txt")]
    public async Task Entries_with_absolute_or_climbing_names_are_refused(string name)
    {
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(Tar(File(name, "evil"), File("out/ok.txt", "ok")), "/workspace/out", Ct);

        Assert.Equal("out/ok.txt", Assert.Single(archive.Files).RelativePath);
        Assert.Contains(archive.Warnings, w => w.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../etc/passwd")]
    [InlineData("../..")]
    public async Task Symbolic_links_that_escape_are_refused(string target)
    {
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(Tar(Link(TarEntryType.SymbolicLink, "out/link", target)), "/workspace/out", Ct);

        Assert.Empty(archive.Files);
        Assert.Contains(archive.Warnings, w => w.StartsWith("Refused 'out/link'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_that_stay_inside_are_collected_as_copies()
    {
        var tar = Tar(File("out/real.txt", "real"), Link(TarEntryType.SymbolicLink, "out/sub/sym", "../real.txt"), Link(TarEntryType.HardLink, "out/hard", "out/real.txt"));
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(tar, "/workspace/out", Ct);

        Assert.Equal(["out/real.txt", "out/sub/sym", "out/hard"], archive.Files.Select(f => f.RelativePath));
        Assert.All(archive.Files, f => Assert.Equal("real", Encoding.UTF8.GetString(f.Content.Span)));
    }

    [Fact]
    public async Task Hard_links_to_outside_names_and_links_to_nothing_collected_are_skipped()
    {
        var tar = Tar(Link(TarEntryType.HardLink, "out/hard", "../etc/shadow"), Link(TarEntryType.SymbolicLink, "out/dangling", "missing.txt"));
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(tar, "/workspace/out", Ct);

        Assert.Empty(archive.Files);
        Assert.Equal(2, archive.Warnings.Count);
    }

    [Fact]
    public async Task Special_files_are_refused()
    {
        var device = new PaxTarEntry(TarEntryType.CharacterDevice, "out/null") { DeviceMajor = 1, DeviceMinor = 3 };
        var archive = new OutputArchive(1024);

        await archive.ReadAsync(Tar(device, new PaxTarEntry(TarEntryType.Fifo, "out/pipe")), "/workspace/out", Ct);

        Assert.Empty(archive.Files);
        Assert.Equal(2, archive.Warnings.Count);
    }

    [Fact]
    public async Task The_total_size_is_capped_across_archives_and_the_excess_is_not_read()
    {
        var archive = new OutputArchive(10);

        await archive.ReadAsync(Tar(File("a.txt", "123456")), "/workspace/a.txt", Ct);
        await archive.ReadAsync(Tar(File("b.txt", "123456"), File("c.txt", "1")), "/workspace/b.txt", Ct);
        await archive.ReadAsync(Tar(File("d.txt", "1")), "/workspace/d.txt", Ct);

        Assert.Equal(["a.txt"], archive.Files.Select(f => f.RelativePath));
        Assert.True(archive.BudgetExhausted);
        Assert.Single(archive.Warnings, w => w.Contains("b.txt", StringComparison.Ordinal));
    }

    private static PaxTarEntry Dir(string name) => new(TarEntryType.Directory, name);

    private static PaxTarEntry File(string name, string content, int mode = 0x1A4) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)mode };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private static MemoryStream Tar(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries) writer.WriteEntry(entry);
        }

        stream.Position = 0;
        return stream;
    }
}
