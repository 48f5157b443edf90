namespace Sandbox.Cli.Tests;

/// <summary>
/// Folders for the files a test hands the CLI (configs, code, changes), all under one root per test process that is
/// deleted when the process exits, so a run of the suite leaves nothing in the temp directory.
/// </summary>
internal static class Scratch
{
    private static readonly Lazy<DirectoryInfo> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("sandbox-cli-tests-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Delete(recursive: true);
        return root;
    });

    /// <summary>A new, empty folder of this test process.</summary>
    public static DirectoryInfo Folder() => Root.Value.CreateSubdirectory(Path.GetRandomFileName());
}
