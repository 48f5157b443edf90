namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>What a string literal's prefix and quotes say about it.</summary>
[Flags]
public enum StringFlags : byte
{
    /// <summary>A plain string.</summary>
    None = 0,

    /// <summary><c>r</c>: backslashes are kept literally.</summary>
    Raw = 1,

    /// <summary><c>b</c>: a bytes literal.</summary>
    Bytes = 2,

    /// <summary><c>f</c>: a formatted string whose replacement fields are code.</summary>
    Format = 4,

    /// <summary><c>t</c>: a template string (Python 3.14) whose replacement fields are code.</summary>
    Template = 8,

    /// <summary>Triple-quoted.</summary>
    Triple = 16,

    /// <summary><c>u</c>: an explicit unicode string.</summary>
    Unicode = 32,
}
