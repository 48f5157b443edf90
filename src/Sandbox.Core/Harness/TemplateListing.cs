namespace Sandbox.Core.Harness;

/// <summary>The harness templates as <c>sandbox templates --json</c> and <c>GET /v1/templates</c> list them.</summary>
/// <param name="Templates">The templates that loaded.</param>
/// <param name="Errors">Why the others did not.</param>
public sealed record TemplateListing(IReadOnlyList<TemplateListing.Entry> Templates, IReadOnlyList<string> Errors)
{
    /// <summary>Lists <paramref name="catalog"/>.</summary>
    public static TemplateListing Of(TemplateCatalog catalog) => new(
        [.. catalog.Templates.Select(t => new Entry(t.Name, t.Language, t.DefaultImage, t.Description, t.CodeFile, t.Directory))],
        [.. catalog.Errors.Values.Select(e => e.Message)]);

    /// <summary>One template.</summary>
    /// <param name="Name">Its name (<c>--template</c>).</param>
    /// <param name="Language">The language of the code it wraps.</param>
    /// <param name="DefaultImage">The image it runs in unless the request names one.</param>
    /// <param name="Description">What it does.</param>
    /// <param name="CodeFile">The file name the user's code is written to.</param>
    /// <param name="Directory">Where it was loaded from.</param>
    public sealed record Entry(string Name, string Language, string? DefaultImage, string Description, string CodeFile, string Directory);
}
