using System.Text.RegularExpressions;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>PEP 263 source encoding declarations (<c># -*- coding: utf-8 -*-</c>) on the first two lines.</summary>
internal static partial class EncodingDeclaration
{
    /// <summary>The declared encoding and its 1-based line, or <c>null</c>.</summary>
    public static (string Encoding, int Line)? Find(string text)
    {
        var lineStart = 0;
        for (var line = 1; line <= 2 && lineStart <= text.Length; line++)
        {
            var lineEnd = text.IndexOfAny(['\r', '\n'], lineStart);
            var content = lineEnd < 0 ? text[lineStart..] : text[lineStart..lineEnd];
            var match = Cookie().Match(content);
            if (match.Success) return (match.Groups[1].Value, line);

            // CPython looks at line 2 only when line 1 is blank or a comment.
            var trimmed = content.TrimStart(' ', '\t', '\f', '\uFEFF');
            if (lineEnd < 0 || (trimmed.Length > 0 && trimmed[0] != '#')) return null;
            lineStart = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
        }

        return null;
    }

    /// <summary>
    /// Whether Python decoding the UTF-8 bytes of the validated text with <paramref name="encoding"/> sees the same
    /// code: UTF-8 itself, and single-byte encodings that map every ASCII byte to itself and UTF-8's other bytes to non-ASCII.
    /// </summary>
    public static bool IsSafe(string encoding)
    {
        var name = encoding.ToLowerInvariant().Replace('_', '-');
        return name is "utf-8" or "utf8" or "ascii" or "us-ascii" or "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" or "iso-latin-1"
            || name.StartsWith("utf-8-", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Cookie();
}
