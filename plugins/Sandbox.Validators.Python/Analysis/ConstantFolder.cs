using System.Globalization;
using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>
/// Evaluates the constant string expressions people use to hide a module or attribute name: literals (adjacent ones
/// concatenated), <c>+</c>, <c>*</c>, slicing and indexing, and <c>str</c> methods on constants (<c>join</c>, <c>lower</c>,
/// <c>replace</c>, <c>decode</c>, ...). Only operations whose meaning cannot be redefined by the code are folded: a
/// call to a name (<c>chr</c>, <c>str</c>) could be rebound, so it makes the value unknown, and unknown is reported.
/// </summary>
internal static class ConstantFolder
{
    private const int MaxLength = 4096;

    /// <summary>The value of the expression in <paramref name="range"/> when it is a constant string, else <c>null</c>.</summary>
    public static string? FoldString(CodeView v, Range range)
    {
        var i = range.Start.Value;
        var end = range.End.Value;
        var value = new Parser(v, end).Parse(ref i);
        return i == end && value is { IsText: true } ? value.Text : null;
    }

    private sealed record Value(string? Text = null, long? Number = null, List<Value>? Items = null, bool IsBytes = false)
    {
        public bool IsText => Text is not null && !IsBytes;
    }

    private readonly struct Parser(CodeView v, int end)
    {
        public Value? Parse(ref int i)
        {
            var left = Product(ref i);
            while (left is not null && i < end && v.IsOp(i, "+"))
            {
                i++;
                var right = Product(ref i);
                left = (left, right) switch
                {
                    ({ Text: { } a }, { Text: { } b }) when left.IsBytes == right.IsBytes && a.Length + b.Length <= MaxLength => left with { Text = a + b },
                    ({ Number: { } a }, { Number: { } b }) => new Value(Number: a + b),
                    _ => null,
                };
            }

            return left;
        }

        private Value? Product(ref int i)
        {
            var left = Postfix(ref i);
            while (left is not null && i < end && v.IsOp(i, "*"))
            {
                i++;
                var right = Postfix(ref i);
                left = (left, right) switch
                {
                    ({ Text: { } s }, { Number: { } n }) => Repeat(left, s, n),
                    ({ Number: { } n }, { Text: { } s }) => Repeat(right, s, n),
                    ({ Number: { } a }, { Number: { } b }) when Math.Abs(a) < 1 << 20 && Math.Abs(b) < 1 << 20 => new Value(Number: a * b),
                    _ => null,
                };
            }

            return left;
        }

        private static Value? Repeat(Value text, string s, long n) =>
            n >= 0 && s.Length * n <= MaxLength ? text with { Text = string.Concat(Enumerable.Repeat(s, (int)n)) } : null;

        private Value? Postfix(ref int i)
        {
            var value = Atom(ref i);
            while (value is not null && i < end)
            {
                if (v.IsOp(i, ".") && i + 2 < end && v.Tokens[i + 1].Kind == PythonTokenKind.Name && v.IsOp(i + 2, "("))
                {
                    var method = v.Text(i + 1).ToString();
                    var close = v.MatchOf(i + 2);
                    if (close < 0 || close >= end) return null;
                    value = CallMethod(value, method, v.Arguments(i + 2)!);
                    i = close + 1;
                }
                else if (v.IsOp(i, "["))
                {
                    var close = v.MatchOf(i);
                    if (close < 0 || close >= end) return null;
                    value = Subscript(value, i + 1, close);
                    i = close + 1;
                }
                else
                {
                    break;
                }
            }

            return value;
        }

        private Value? Atom(ref int i)
        {
            if (i >= end) return null;
            var token = v.Tokens[i];
            if (token.Kind == PythonTokenKind.String) return Strings(ref i);
            if (token.Kind == PythonTokenKind.Number) return Number(v.Text(i++).ToString());
            if (v.IsOp(i, "-") && i + 1 < end && v.Tokens[i + 1].Kind == PythonTokenKind.Number)
            {
                var n = Number(v.Text(i + 1).ToString());
                i += 2;
                return n?.Number is { } value ? new Value(Number: -value) : null;
            }

            if (!v.IsOp(i, "(") && !v.IsOp(i, "[")) return null;
            var close = v.MatchOf(i);
            if (close < 0 || close >= end) return null;
            var items = new List<Value>();
            var tuple = v.IsOp(i, "[");
            foreach (var argument in v.Arguments(i)!)
            {
                var j = argument.Start.Value;
                var item = new Parser(v, argument.End.Value).Parse(ref j);
                if (item is null || j != argument.End.Value) return null;
                items.Add(item);
            }

            tuple |= items.Count != 1 || v.IsOp(close - 1, ",");
            i = close + 1;
            return tuple ? new Value(Items: items) : items[0];
        }

        // Adjacent literals concatenate; an f-string without replacement fields is a constant too.
        private Value? Strings(ref int i)
        {
            var text = "";
            bool? bytes = null;
            while (i < end && v.Tokens[i].Kind == PythonTokenKind.String)
            {
                var isBytes = (v.Tokens[i].Flags & StringFlags.Bytes) != 0;
                if ((bytes is not null && bytes != isBytes) || !StringLiteral.TryDecode(v.Text(i), out var part)) return null;
                bytes = isBytes;
                text += part;
                i++;
            }

            return text.Length <= MaxLength ? new Value(Text: text, IsBytes: bytes == true) : null;
        }

        private static Value? Number(string text)
        {
            text = text.Replace("_", "", StringComparison.Ordinal);
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? new Value(Number: hex) : null;
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? new Value(Number: n) : null;
        }

        private Value? CallMethod(Value receiver, string method, List<Range> arguments)
        {
            if (receiver.Text is not { } s) return null;
            var args = new List<Value>();
            foreach (var argument in arguments)
            {
                if (v.KeywordOf(argument) is not null) return null;
                var j = argument.Start.Value;
                var value = new Parser(v, argument.End.Value).Parse(ref j);
                if (value is null || j != argument.End.Value) return null;
                args.Add(value);
            }

            string? result = (method, args.Count) switch
            {
                ("join", 1) when args[0].Items is { } items && items.All(x => x.Text is not null && x.IsBytes == receiver.IsBytes) =>
                    string.Join(s, items.Select(x => x.Text)),
                ("join", 1) when args[0].Text is { } chars && !args[0].IsBytes && !receiver.IsBytes => string.Join(s, chars.Select(c => c.ToString())),
                ("lower" or "casefold", 0) => s.ToLowerInvariant(),
                ("upper", 0) => s.ToUpperInvariant(),
                ("strip", 0) => s.Trim(),
                ("lstrip", 0) => s.TrimStart(),
                ("rstrip", 0) => s.TrimEnd(),
                ("replace", 2) when args[0].Text is { Length: > 0 } a && args[1].Text is { } b => s.Replace(a, b, StringComparison.Ordinal),
                ("decode", 0) when receiver.IsBytes => s,
                ("encode", 0) when !receiver.IsBytes => s,
                _ => null,
            };
            if (result is null || result.Length > MaxLength) return null;
            return new Value(Text: result, IsBytes: method == "encode" || (receiver.IsBytes && method != "decode"));
        }

        private Value? Subscript(Value target, int start, int close)
        {
            var length = target.Text?.Length ?? target.Items?.Count;
            if (length is not { } n) return null;
            var parts = new List<long?>();
            var j = start;
            while (true)
            {
                var partEnd = j;
                while (partEnd < close && !v.IsOp(partEnd, ":")) partEnd++;
                long? part = null;
                if (partEnd > j)
                {
                    var k = j;
                    if (new Parser(v, partEnd).Parse(ref k) is not { Number: { } number } || k != partEnd) return null;
                    part = number;
                }

                parts.Add(part);
                if (partEnd >= close) break;
                j = partEnd + 1;
            }

            if (parts.Count == 1)
            {
                if (parts[0] is not { } index) return null;
                index = index < 0 ? index + n : index;
                if (index < 0 || index >= n) return null;
                return target.Text is { } text ? target with { Text = text[(int)index].ToString() } : target.Items![(int)index];
            }

            if (parts.Count > 3) return null;
            var step = parts.Count == 3 ? parts[2] ?? 1 : 1;
            if (step == 0) return null;
            var picked = SliceIndices(n, parts[0], parts[1], step);
            return target.Text is { } s ? target with { Text = string.Concat(picked.Select(p => s[p])) } : new Value(Items: picked.Select(p => target.Items![p]).ToList());
        }

        // Python's slice semantics: clamp start and stop, then walk by step.
        private static List<int> SliceIndices(int n, long? start, long? stop, long step)
        {
            static long Clamp(long x, int n, long low, long high) => x < 0 ? Math.Max(x + n, low) : Math.Min(x, high);
            long first = start is { } a ? Clamp(a, n, step > 0 ? 0 : -1, step > 0 ? n : n - 1) : step > 0 ? 0 : n - 1;
            long last = stop is { } b ? Clamp(b, n, step > 0 ? 0 : -1, step > 0 ? n : n - 1) : step > 0 ? n : -1;
            var picked = new List<int>();
            for (var x = first; step > 0 ? x < last : x > last; x += step) picked.Add((int)x);
            return picked;
        }
    }
}
