namespace Sandbox.Validators.Python.Tokenizer;

/// <summary>One token: its kind and where it is in the source.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Offset of its first character in the source.</param>
/// <param name="Length">Number of characters it spans.</param>
/// <param name="Line">1-based line of its first character.</param>
/// <param name="Column">1-based column of its first character, counted in UTF-16 code units (a tab counts as one).</param>
/// <param name="Flags">For strings and f-string starts, what the prefix and quotes say.</param>
public readonly record struct PythonToken(PythonTokenKind Kind, int Start, int Length, int Line, int Column, StringFlags Flags = StringFlags.None)
{
    /// <summary>Offset just past its last character.</summary>
    public int End => Start + Length;

    /// <summary>Whether this is the operator <paramref name="op"/>.</summary>
    public bool IsOperator(string source, string op) =>
        Kind == PythonTokenKind.Operator && Length == op.Length && string.CompareOrdinal(source, Start, op, 0, Length) == 0;
}
