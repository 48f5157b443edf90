namespace Sandbox.Validators.Python.Configuration;

/// <summary>A qualified name with at most one <c>*</c> wildcard, e.g. <c>os.exec*</c> or <c>asyncio.open_*connection</c>.</summary>
internal readonly record struct NamePattern(string Text)
{
    private int Star => Text.IndexOf('*');

    /// <summary>Whether the pattern has a wildcard.</summary>
    public bool IsWildcard => Star >= 0;

    /// <summary>Whether <paramref name="name"/> matches.</summary>
    public bool Matches(string name)
    {
        var star = Star;
        if (star < 0) return string.Equals(Text, name, StringComparison.Ordinal);
        var prefix = Text.AsSpan(0, star);
        var suffix = Text.AsSpan(star + 1);
        return name.Length >= prefix.Length + suffix.Length
               && name.AsSpan().StartsWith(prefix, StringComparison.Ordinal)
               && name.AsSpan().EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="text"/> is a dotted identifier path, optionally with one <c>*</c>.</summary>
    public static bool IsValid(string? text, bool allowWildcard)
    {
        if (string.IsNullOrEmpty(text)) return false;
        if (text.Count(c => c == '*') > (allowWildcard ? 1 : 0)) return false;
        foreach (var part in text.Split('.'))
        {
            if (part.Length == 0 || (char.IsAsciiDigit(part[0]))) return false;
            if (!part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '*' || c > 0x7F)) return false;
        }

        return true;
    }
}
