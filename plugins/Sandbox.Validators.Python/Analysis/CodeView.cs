using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>The code tokens of one source (comments dropped) with matching brackets, and helpers to read them.</summary>
internal sealed class CodeView
{
    private static readonly HashSet<string> KeywordSet = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Keywords = KeywordSet.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly TokenizeResult _result;
    private readonly int[] _match;

    public CodeView(TokenizeResult result)
    {
        _result = result;
        var all = result.Tokens;
        var code = 0;
        foreach (var token in all)
        {
            if (token.Kind != PythonTokenKind.Comment) code++;
        }

        Tokens = new PythonToken[code];
        code = 0;
        foreach (var token in all)
        {
            if (token.Kind != PythonTokenKind.Comment) Tokens[code++] = token;
        }

        _match = MatchBrackets();
    }

    /// <summary>The code tokens, ending with <see cref="PythonTokenKind.EndOfFile"/>.</summary>
    public PythonToken[] Tokens { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Length;

    /// <summary>The text of token <paramref name="i"/>.</summary>
    public ReadOnlySpan<char> Text(int i) => _result.TextOf(Tokens[i]);

    /// <summary>Whether token <paramref name="i"/> exists and is the operator <paramref name="op"/>.</summary>
    public bool IsOp(int i, string op) => i >= 0 && i < Tokens.Length && Tokens[i].IsOperator(_result.Source, op);

    /// <summary>Whether token <paramref name="i"/> exists and is the keyword <paramref name="keyword"/>.</summary>
    public bool IsKeyword(int i, string keyword) =>
        i >= 0 && i < Tokens.Length && Tokens[i].Kind == PythonTokenKind.Name && Text(i).SequenceEqual(keyword);

    /// <summary>Whether token <paramref name="i"/> is a name that is not a keyword.</summary>
    public bool IsIdentifier(int i) =>
        i >= 0 && i < Tokens.Length && Tokens[i].Kind == PythonTokenKind.Name && !Keywords.Contains(Text(i));

    /// <summary>Whether a statement can start at token <paramref name="i"/>.</summary>
    public bool IsStatementStart(int i) =>
        i == 0 || Tokens[i - 1].Kind == PythonTokenKind.NewLine || IsOp(i - 1, ";") || IsOp(i - 1, ":");

    /// <summary>Whether token <paramref name="i"/> ends an expression statement or an argument.</summary>
    public bool IsTerminator(int i) =>
        i >= Tokens.Length || Tokens[i].Kind is PythonTokenKind.NewLine or PythonTokenKind.EndOfFile
        || IsOp(i, ";") || IsOp(i, ")") || IsOp(i, "]") || IsOp(i, "}") || IsOp(i, ",") || IsOp(i, "=") || IsOp(i, ":");

    /// <summary>The index of the bracket matching the one at <paramref name="i"/>, or -1.</summary>
    public int MatchOf(int i) => i >= 0 && i < _match.Length ? _match[i] : -1;

    /// <summary>
    /// Reads a dotted chain <c>a.b.c</c> starting at the identifier <paramref name="i"/>; returns the index of its last name.
    /// </summary>
    public int ReadChain(int i, List<string> segments)
    {
        segments.Clear();
        segments.Add(Text(i).ToString());
        while (IsOp(i + 1, ".") && i + 2 < Tokens.Length && Tokens[i + 2].Kind == PythonTokenKind.Name)
        {
            i += 2;
            segments.Add(Text(i).ToString());
        }

        return i;
    }

    /// <summary>
    /// The arguments of the call whose <c>(</c> is at <paramref name="open"/>, as token ranges split at top-level commas;
    /// <c>null</c> when the parenthesis is unbalanced.
    /// </summary>
    public List<Range>? Arguments(int open)
    {
        var close = MatchOf(open);
        if (close < 0) return null;
        var arguments = new List<Range>();
        var start = open + 1;
        for (var i = start; i < close; i++)
        {
            if (MatchOf(i) > i)
            {
                i = MatchOf(i);
            }
            else if (IsOp(i, ","))
            {
                arguments.Add(new Range(start, i));
                start = i + 1;
            }
        }

        if (close > start) arguments.Add(new Range(start, close));
        return arguments;
    }

    /// <summary>The keyword of argument <paramref name="argument"/> (<c>name=</c>), or <c>null</c> for a positional one.</summary>
    public string? KeywordOf(Range argument) =>
        argument.End.Value - argument.Start.Value >= 2 && Tokens[argument.Start.Value].Kind == PythonTokenKind.Name && IsOp(argument.Start.Value + 1, "=")
            ? Text(argument.Start.Value).ToString()
            : null;

    private int[] MatchBrackets()
    {
        var match = new int[Tokens.Length];
        Array.Fill(match, -1);
        var open = new Stack<int>();
        var source = _result.Source;
        for (var i = 0; i < Tokens.Length; i++)
        {
            var token = Tokens[i];
            if (token.Kind != PythonTokenKind.Operator || token.Length != 1) continue;
            var c = source[token.Start];
            if (c is '(' or '[' or '{')
            {
                open.Push(i);
            }
            else if (c is ')' or ']' or '}' && open.Count > 0)
            {
                var o = open.Peek();
                var expected = source[Tokens[o].Start] switch { '(' => ')', '[' => ']', _ => '}' };
                if (expected != c) continue;
                open.Pop();
                match[o] = i;
                match[i] = o;
            }
        }

        return match;
    }
}
