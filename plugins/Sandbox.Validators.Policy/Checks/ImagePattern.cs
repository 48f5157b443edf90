using System.Text;
using System.Text.RegularExpressions;

namespace Sandbox.Validators.Policy;

/// <summary>
/// An allowed-image pattern: <c>*</c> matches within one path segment, <c>**</c> across segments, <c>?</c> one character.
/// A pattern without a tag or digest allows every tag and digest of the repositories it matches. Images are compared
/// as written (no registry normalization); an image without tag or digest is compared as <c>:latest</c>.
/// </summary>
internal sealed class ImagePattern
{
    private readonly Regex _regex;

    public ImagePattern(string pattern)
    {
        Text = pattern;
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
            }
            else
            {
                sb.Append(pattern[i] switch { '*' => "[^/]*", '?' => "[^/]", var c => Regex.Escape(c.ToString()) });
            }
        }

        if (!HasTagOrDigest(pattern)) sb.Append("(?::[^/@]*)?(?:@.*)?");
        _regex = new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The pattern as configured.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="image"/> matches.</summary>
    public bool Matches(string image) => _regex.IsMatch(HasTagOrDigest(image) ? image : image + ":latest");

    private static bool HasTagOrDigest(string image) =>
        image.Contains('@') || image[(image.LastIndexOf('/') + 1)..].Contains(':');
}
