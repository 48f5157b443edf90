namespace Sandbox.TestUtilities;

/// <summary>Locates the repository the tests were built from, so tests can use its scripts and files.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the folder holding Framework.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path under the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Framework.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"Framework.sln not found above {AppContext.BaseDirectory}");
    }
}
