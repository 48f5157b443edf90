using Sandbox.Build.Cli;

namespace Sandbox.Build.Tests;

public sealed class CommandSplitterTests
{
    [Theory]
    [InlineData("python3 gen.py", new[] { "python3", "gen.py" })]
    [InlineData("  python3   -c  'print(1)'  ", new[] { "python3", "-c", "print(1)" })]
    [InlineData("sh -c 'echo \"a b\" | wc -c'", new[] { "sh", "-c", "echo \"a b\" | wc -c" })]
    [InlineData("echo \"say \\\"hi\\\"\" back\\ slash", new[] { "echo", "say \"hi\"", "back slash" })]
    [InlineData("echo '' x", new[] { "echo", "", "x" })]
    [InlineData("echo $HOME *.py", new[] { "echo", "$HOME", "*.py" })]
    public void A_command_line_is_split_into_words_like_a_shell_but_nothing_is_expanded(string command, string[] expected)
    {
        var arguments = CommandSplitter.Split(command, out var error);

        Assert.Equal(expected, arguments);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("echo 'open", "single")]
    [InlineData("echo \"open", "double")]
    public void An_unclosed_quote_is_an_error_that_names_the_quote(string command, string quote)
    {
        var arguments = CommandSplitter.Split(command, out var error);

        Assert.Null(arguments);
        Assert.Contains(quote, error);
    }

    [Fact]
    public void Displayed_commands_quote_only_the_words_that_need_it()
    {
        Assert.Equal("sh -c 'echo it'\\''s'", CommandSplitter.Display(["sh", "-c", "echo it's"]));
        Assert.Equal("python3 gen.py --out=/out", CommandSplitter.Display(["python3", "gen.py", "--out=/out"]));
    }
}
