using Sandbox.TestUtilities;

namespace Sandbox.Packaging.Tests;

/// <summary>The README's quick-start blocks for the packages, as written (the tests only point them at the local feed).</summary>
internal static class ReadmeBlocks
{
    public const string ToolMarker = "<!-- tool quick start";
    public const string PackageMarker = "<!-- package quick start";

    /// <summary>The body of the fenced block number <paramref name="index"/> (from 0) after <paramref name="marker"/>.</summary>
    public static string After(string marker, int index = 0)
    {
        var readme = File.ReadAllText(RepositoryLayout.PathOf("README.md"));
        var position = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(position >= 0, $"README.md has no '{marker}' block");
        var body = "";
        for (var i = 0; i <= index; i++)
        {
            var open = readme.IndexOf("```", position, StringComparison.Ordinal);
            var bodyStart = readme.IndexOf('\n', open) + 1;
            var close = readme.IndexOf("\n```", bodyStart - 1, StringComparison.Ordinal);
            body = readme[bodyStart..(close + 1)];
            position = close + 4;
        }

        return body;
    }
}
