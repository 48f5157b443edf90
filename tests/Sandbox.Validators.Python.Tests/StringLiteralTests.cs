using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Tests;

public sealed class StringLiteralTests
{
    [Theory]
    [InlineData("'os'", "os")]
    [InlineData("\"\\x6f\\x73\"", "os")]
    [InlineData("'\\157\\163'", "os")]
    [InlineData("'\\u006fs'", "os")]
    [InlineData("'\\U0000006fs'", "os")]
    [InlineData("'\\N{LATIN SMALL LETTER O}\\N{latin small letter s}'", "os")]
    [InlineData("r'\\x6f'", "\\x6f")]
    [InlineData("b'\\x6fs'", "os")]
    [InlineData("b'\\u006f'", "\\u006f")]
    [InlineData("'a\\\nb'", "ab")]
    [InlineData("'''a\nb'''", "a\nb")]
    [InlineData("'\\q'", "\\q")]
    [InlineData("'it\\'s'", "it's")]
    public void Literals_decode_to_the_value_Python_computes(string literal, string expected)
    {
        Assert.True(StringLiteral.TryDecode(literal, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("f'os'")]
    [InlineData("'\\N{SNOWMAN}'")]
    [InlineData("'unterminated")]
    [InlineData("'\\x6'")]
    public void Values_that_cannot_be_known_exactly_are_not_decoded(string literal)
    {
        Assert.False(StringLiteral.TryDecode(literal, out _));
    }
}
