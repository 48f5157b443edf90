using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Tests;

public sealed class TokenizerTests
{
    private static List<(PythonTokenKind Kind, string Text)> Tokens(string source)
    {
        var result = PythonTokenizer.Tokenize(source);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        return result.Tokens.Select((t, i) => (t.Kind, result.StringOf(i)))
            .Where(t => t.Kind is not (PythonTokenKind.NewLine or PythonTokenKind.EndOfFile))
            .ToList();
    }

    [Theory]
    [InlineData("'a'")]
    [InlineData("\"a\"")]
    [InlineData("'''a\n'b'\n'''")]
    [InlineData("\"\"\"a \"\" b\"\"\"")]
    [InlineData("r'\\d'")]
    [InlineData("R'\\''")]
    [InlineData("b'\\x00'")]
    [InlineData("B\"x\"")]
    [InlineData("u'x'")]
    [InlineData("U'x'")]
    [InlineData("br'\\\\'")]
    [InlineData("rb'x'")]
    [InlineData("Rb'x'")]
    [InlineData("bR'''x\ny'''")]
    [InlineData("'a\\\nb'")]
    [InlineData("'a\\'b'")]
    [InlineData("''")]
    [InlineData("\"\"\"\"\"\"")]
    public void Every_string_form_is_one_string_token(string literal)
    {
        var tokens = Tokens($"x = {literal}");

        Assert.Equal([(PythonTokenKind.Name, "x"), (PythonTokenKind.Operator, "="), (PythonTokenKind.String, literal)], tokens);
    }

    [Theory]
    [InlineData("f", StringFlags.Format)]
    [InlineData("F", StringFlags.Format)]
    [InlineData("rf", StringFlags.Format | StringFlags.Raw)]
    [InlineData("fR", StringFlags.Format | StringFlags.Raw)]
    [InlineData("t", StringFlags.Template)]
    [InlineData("Tr", StringFlags.Template | StringFlags.Raw)]
    public void F_string_and_t_string_prefixes_start_a_formatted_string(string prefix, StringFlags flags)
    {
        var result = PythonTokenizer.Tokenize($"{prefix}'{{x}}'");

        Assert.Equal(PythonTokenKind.FStringStart, result.Tokens[0].Kind);
        Assert.Equal(flags, result.Tokens[0].Flags);
        Assert.Equal(PythonTokenKind.Name, result.Tokens[2].Kind);
    }

    [Theory]
    [InlineData("bu'x'")]
    [InlineData("ur'x'")]
    [InlineData("bf'x'")]
    [InlineData("ff'x'")]
    public void Invalid_prefixes_are_a_name_followed_by_a_string(string source)
    {
        var tokens = Tokens(source);

        Assert.Equal([PythonTokenKind.Name, PythonTokenKind.String], tokens.Select(t => t.Kind));
    }

    [Fact]
    public void F_string_replacement_fields_are_tokenized_as_code()
    {
        var tokens = Tokens("f\"a{x!r:>{w}}b{y=}{{c}}\"");

        Assert.Equal(
        [
            (PythonTokenKind.FStringStart, "f\""), (PythonTokenKind.FStringMiddle, "a"), (PythonTokenKind.Operator, "{"),
            (PythonTokenKind.Name, "x"), (PythonTokenKind.FStringConversion, "!r"), (PythonTokenKind.Operator, ":"),
            (PythonTokenKind.FStringMiddle, ">"), (PythonTokenKind.Operator, "{"), (PythonTokenKind.Name, "w"), (PythonTokenKind.Operator, "}"),
            (PythonTokenKind.Operator, "}"), (PythonTokenKind.FStringMiddle, "b"), (PythonTokenKind.Operator, "{"), (PythonTokenKind.Name, "y"),
            (PythonTokenKind.FStringDebug, "="), (PythonTokenKind.Operator, "}"), (PythonTokenKind.FStringMiddle, "{{c}}"),
            (PythonTokenKind.FStringEnd, "\""),
        ], tokens);
    }

    [Fact]
    public void Nested_f_strings_may_reuse_the_same_quotes()
    {
        var tokens = Tokens("f\"{f\"{f'{1}'}\"}\"");

        Assert.Equal(3, tokens.Count(t => t.Kind == PythonTokenKind.FStringStart));
        Assert.Equal(3, tokens.Count(t => t.Kind == PythonTokenKind.FStringEnd));
        Assert.Contains((PythonTokenKind.Number, "1"), tokens);
    }

    [Fact]
    public void Strings_inside_replacement_fields_stay_strings()
    {
        var tokens = Tokens("f'{\"}\" + x[\"{\"]}'");

        Assert.Equal([(PythonTokenKind.String, "\"}\""), (PythonTokenKind.String, "\"{\"")], tokens.Where(t => t.Kind == PythonTokenKind.String));
        Assert.Contains((PythonTokenKind.Name, "x"), tokens);
    }

    [Fact]
    public void Comparison_operators_in_a_field_are_not_debug_or_conversion_markers()
    {
        var tokens = Tokens("f'{a!=b}{a==b}{a<=b}'");

        Assert.DoesNotContain(tokens, t => t.Kind is PythonTokenKind.FStringDebug or PythonTokenKind.FStringConversion);
        Assert.Equal(["!=", "==", "<="], tokens.Where(t => t.Kind == PythonTokenKind.Operator && t.Text.Length == 2).Select(t => t.Text));
    }

    [Fact]
    public void Named_escapes_in_f_strings_are_not_replacement_fields()
    {
        var tokens = Tokens("f'\\N{LATIN SMALL LETTER A}{b}'");

        Assert.Equal([(PythonTokenKind.Name, "b")], tokens.Where(t => t.Kind == PythonTokenKind.Name));
    }

    [Fact]
    public void Triple_quoted_f_string_fields_may_span_lines_and_hold_comments()
    {
        var tokens = Tokens("f'''{\n  x  # the value\n}'''");

        Assert.Contains((PythonTokenKind.Comment, "# the value"), tokens);
        Assert.Contains((PythonTokenKind.Name, "x"), tokens);
    }

    [Fact]
    public void Comments_end_at_any_newline_convention()
    {
        var tokens = Tokens("# one\r# two\r\n# three\nx");

        Assert.Equal(3, tokens.Count(t => t.Kind == PythonTokenKind.Comment));
        Assert.Equal((PythonTokenKind.Name, "x"), tokens[^1]);
    }

    [Fact]
    public void Backslash_continuation_and_brackets_join_physical_lines()
    {
        var result = PythonTokenizer.Tokenize("x = 1 + \\\n    2\ny = (1,\n     2)\nz = [\n]\n");

        Assert.Equal(3, result.Tokens.Count(t => t.Kind == PythonTokenKind.NewLine));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Blank_and_comment_only_lines_end_no_logical_line()
    {
        var result = PythonTokenizer.Tokenize("\n\n# c\nx = 1  # trailing\n\n   \n");

        Assert.Single(result.Tokens, t => t.Kind == PythonTokenKind.NewLine);
    }

    [Theory]
    [InlineData("0x1for", "0x1f", "or")]
    [InlineData("1if", "1", "if")]
    [InlineData("1.5e-3j", "1.5e-3j", null)]
    [InlineData(".5", ".5", null)]
    [InlineData("1_000.0_1", "1_000.0_1", null)]
    public void Numbers_end_where_Python_ends_them(string source, string number, string? next)
    {
        var tokens = Tokens(source);

        Assert.Equal((PythonTokenKind.Number, number), tokens[0]);
        if (next is not null) Assert.Equal((PythonTokenKind.Name, next), tokens[1]);
    }

    [Fact]
    public void Multi_character_operators_are_single_tokens()
    {
        var tokens = Tokens("a **= b // c -> d := e ... f != g");

        Assert.Equal(["**=", "//", "->", ":=", "...", "!="], tokens.Where(t => t.Kind == PythonTokenKind.Operator).Select(t => t.Text));
    }

    [Fact]
    public void Non_ascii_identifiers_are_nfkc_normalized_like_python()
    {
        var tokens = Tokens("ｅｖａｌ + 𝐞val + ﬁle");

        Assert.Equal(["eval", "eval", "file"], tokens.Where(t => t.Kind == PythonTokenKind.Name).Select(t => t.Text));
    }

    [Theory]
    [InlineData("x = 'abc", "unterminated string literal")]
    [InlineData("x = r'\\'", "unterminated string literal")]
    [InlineData("x = '''abc", "unterminated triple-quoted string literal")]
    [InlineData("x = f'{a'", "f-string")]
    [InlineData("x = (1", "never closed")]
    [InlineData("x = 1)", "unmatched ')'")]
    [InlineData("x = (1]", "does not match")]
    [InlineData("x = 1 \\ 2", "continuation")]
    [InlineData("x = $", "invalid character")]
    [InlineData("f'a}b'", "single '}'")]
    public void Malformed_source_is_reported_not_thrown(string source, string message)
    {
        var result = PythonTokenizer.Tokenize(source);

        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(PythonTokenKind.EndOfFile, result.Tokens[^1].Kind);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_ignored()
    {
        var result = PythonTokenizer.Tokenize("\uFEFFimport os");

        Assert.Empty(result.Errors);
        Assert.Equal("import", result.StringOf(0));
        Assert.Equal(1, result.Tokens[0].Column);
    }
}
