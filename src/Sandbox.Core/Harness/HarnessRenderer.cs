using System.Text;
using System.Text.Json;
using Sandbox.Abstractions;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Sandbox.Core.Harness;

/// <summary>
/// Renders a template's Scriban files into harness files. The user's code is never pasted into the harness: it is
/// written to its own file, so nothing in it can change the generated code. Values that do go into the harness are
/// inserted with <c>json</c> or <c>sh_quote</c>.
/// </summary>
public static class HarnessRenderer
{
    /// <summary>Renders <paramref name="template"/>'s files with <paramref name="variables"/> (see <see cref="Variables"/>).</summary>
    /// <exception cref="TemplateException">A Scriban file has a syntax or runtime error; the file, line and column are given.</exception>
    public static IReadOnlyList<SandboxFile> Render(HarnessTemplate template, IReadOnlyDictionary<string, object> variables)
    {
        var files = new List<SandboxFile>();
        foreach (var (rendered, source) in template.Files)
        {
            var path = Path.Combine(template.Directory, source);
            var text = RenderFile(File.ReadAllText(path), path, variables);
            var mode = rendered.EndsWith(".sh", StringComparison.Ordinal) ? 0x1ED : SandboxFile.DefaultMode;
            files.Add(new SandboxFile(rendered, Encoding.UTF8.GetBytes(text), mode));
        }

        return files;
    }

    /// <summary>The protocol's variables for one run.</summary>
    public static IReadOnlyDictionary<string, object> Variables(HarnessTemplate template, long maxOutputBytes, string handler = HarnessProtocol.DefaultHandler) =>
        new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["template_name"] = template.Name,
            ["code_file"] = template.CodeFile,
            ["input_file"] = HarnessProtocol.InputFile,
            ["output_file"] = HarnessProtocol.OutputFile,
            ["handler"] = handler,
            ["max_output_bytes"] = maxOutputBytes,
        };

    /// <summary>Renders one Scriban text; <paramref name="path"/> names it in errors.</summary>
    public static string RenderFile(string text, string path, IReadOnlyDictionary<string, object> variables)
    {
        var parsed = Template.Parse(text, path);
        if (parsed.HasErrors)
        {
            var first = parsed.Messages.First(m => m.Type == ParserMessageType.Error);
            throw new TemplateException(path, first.Span.Start.Line + 1, first.Span.Start.Column + 1, first.Message);
        }

        var globals = new ScriptObject();
        foreach (var (name, value) in variables) globals.SetValue(name, value, readOnly: true);
        globals.Import("json", new Func<object?, string>(value => JsonSerializer.Serialize(value)));
        globals.Import("sh_quote", new Func<string, string>(value => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var context = new TemplateContext { StrictVariables = true, LoopLimit = 10_000, RecursiveLimit = 50 };
        context.PushGlobal(globals);
        try
        {
            return parsed.Render(context);
        }
        catch (ScriptRuntimeException ex)
        {
            throw new TemplateException(path, ex.Span.Start.Line + 1, ex.Span.Start.Column + 1, ex.OriginalMessage, ex);
        }
    }
}
