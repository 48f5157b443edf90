using System.Formats.Tar;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class InputArchiveTests
{
    [Fact]
    public void Volume_roots_and_parent_directories_come_first_and_belong_to_the_user()
    {
        var request = ExecutionRequest.For("true") with
        {
            Files = [SandboxFile.FromText("src/pkg/main.py", "print(1)", 0x1ED), SandboxFile.FromText("/results/in.txt", "x")],
            OutputPaths = ["/results/out.txt"],
        };

        var entries = Read(InputArchive.Create(ScratchLayout.Plan(request), WorkloadUser.Parse("1000:2000"), DateTimeOffset.UnixEpoch));

        Assert.Equal(["results/", "workspace/", "workspace/src/", "workspace/src/pkg/", "workspace/src/pkg/main.py", "results/in.txt"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((1000, 2000), (e.Uid, e.Gid)));
        Assert.Equal((UnixFileMode)0x1C0, entries[0].Mode);
        Assert.Equal((UnixFileMode)0x1ED, entries[2].Mode);
        Assert.Equal((UnixFileMode)0x1ED, entries[4].Mode);
        Assert.Equal((UnixFileMode)SandboxFile.DefaultMode, entries[5].Mode);
    }

    [Fact]
    public void A_named_user_gets_world_writable_directories_owned_by_root()
    {
        var request = ExecutionRequest.For("true") with { Files = [SandboxFile.FromText("a/b.txt", "x")] };

        var entries = Read(InputArchive.Create(ScratchLayout.Plan(request), WorkloadUser.Parse("sandbox"), DateTimeOffset.UnixEpoch));

        Assert.All(entries.Where(e => e.EntryType == TarEntryType.Directory), e => Assert.Equal((UnixFileMode)0x3FF, e.Mode));
        Assert.All(entries, e => Assert.Equal(0, e.Uid));
    }

    private static List<TarEntry> Read(Stream archive)
    {
        using var reader = new TarReader(archive);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }
}
