using System.Text;

namespace Sandbox.Build.Cli;

/// <summary>
/// Splits the <c>Command</c> parameter into arguments the way a POSIX shell splits words — whitespace separates,
/// single quotes are literal, double quotes allow <c>\"</c> and <c>\\</c>, a backslash outside quotes escapes the next
/// character — without expanding anything: no shell is involved, so no variable, glob or pipe has a meaning.
/// </summary>
internal static class CommandSplitter
{
    /// <summary>The arguments of <paramref name="command"/>, or <c>null</c> with <paramref name="error"/> when a quote is left open.</summary>
    public static IReadOnlyList<string>? Split(string command, out string error)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        error = "";
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = null;
                else current.Append(c);
            }
            else if (quote == '"')
            {
                if (c == '"') quote = null;
                else if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\') current.Append(command[++i]);
                else current.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) arguments.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') quote = c;
                else if (c == '\\' && i + 1 < command.Length) current.Append(command[++i]);
                else current.Append(c);
            }
        }

        if (quote is not null)
        {
            error = $"the {(quote == '\'' ? "single" : "double")} quote is never closed";
            return null;
        }

        if (inWord) arguments.Add(current.ToString());
        return arguments;
    }

    /// <summary>Joins arguments back into one line for messages, quoting the ones that need it.</summary>
    public static string Display(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
}
