using Sandbox.Abstractions;
using Sandbox.Validators.Python.Configuration;
using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>
/// Validates one Python source: tokenizes it, collects bindings, then reports imports, references to dangerous names
/// (however aliased), dynamic imports and attribute access, and introspection escapes.
/// </summary>
internal sealed partial class SourceAnalyzer
{
    private const int MaxTokenizeErrors = 10;

    private readonly ValidatorOptions _options;
    private readonly string _path;
    private readonly List<ValidationFinding> _findings = [];
    private readonly HashSet<(string Rule, int Line, int Column)> _reported = [];
    private CodeView _v = null!;
    private BindingTable _bindings = null!;

    private SourceAnalyzer(ValidatorOptions options, string path)
    {
        _options = options;
        _path = path;
    }

    /// <summary>The findings for <paramref name="text"/>, reported against <paramref name="path"/>.</summary>
    public static List<ValidationFinding> Analyze(string text, string path, ValidatorOptions options)
    {
        var analyzer = new SourceAnalyzer(options, path);
        analyzer.Run(text);
        return analyzer._findings;
    }

    private void Run(string text)
    {
        if (EncodingDeclaration.Find(text) is { } cookie && !EncodingDeclaration.IsSafe(cookie.Encoding))
        {
            Report(PythonRules.EncodingDeclaration, cookie.Line, 1,
                $"the source declares encoding '{cookie.Encoding}': Python would decode the file differently from the text validated here " +
                "(UTF-7 can hide newlines inside comments); declare utf-8 or nothing");
        }

        var tokens = PythonTokenizer.Tokenize(text);
        foreach (var error in tokens.Errors.Take(MaxTokenizeErrors))
            Report(PythonRules.Unreadable, error.Line, error.Column, $"{error.Message}; code after this point may be misread, so the source is rejected");

        _v = new CodeView(tokens);
        _bindings = BindingCollector.Collect(_v);
        var imports = new List<ImportedName>();
        for (var i = 0; i < _v.Count; i++)
        {
            var token = _v.Tokens[i];
            if (token.Kind != PythonTokenKind.Name) continue;
            if (ImportParser.StartsImport(_v, i))
            {
                imports.Clear();
                var end = ImportParser.Parse(_v, i, imports);
                foreach (var name in imports) CheckImport(name);
                i = Math.Max(i, end - 1);
            }
            else if (_v.IsOp(i - 1, "."))
            {
                CheckAttribute(i);
            }
            else if (IsReference(i))
            {
                CheckReference(i);
            }
        }
    }

    // A name is read unless it is being bound: an assignment target or keyword argument (name =), a def/class name,
    // or the target of as/global/nonlocal.
    private bool IsReference(int i) =>
        _v.IsIdentifier(i) && !_v.IsOp(i + 1, "=")
        && !_v.IsKeyword(i - 1, "def") && !_v.IsKeyword(i - 1, "class") && !_v.IsKeyword(i - 1, "as")
        && !_v.IsKeyword(i - 1, "global") && !_v.IsKeyword(i - 1, "nonlocal");

    private void CheckImport(ImportedName name)
    {
        if (name.Relative) return;
        var token = _v.Tokens[name.ModuleToken];
        var shown = name.Member is null ? $"import {name.Module}" : $"from {name.Module} import {name.Member}";
        switch (_options.Modules.Check(name.Module, name.Member, out var entry))
        {
            case ModuleVerdict.Denied:
                Report(PythonRules.DeniedImport, token, $"'{shown}' is not allowed: '{entry}' is on the deny-list");
                break;
            case ModuleVerdict.NotAllowListed:
                Report(PythonRules.NotAllowListed, token, $"'{shown}' is not allowed: only {DescribeAllowList()} may be imported");
                break;
        }

        if (name.Member is { } member && member != "*" && _options.Find(name.Module + "." + member) is { } danger)
            ReportEntry(danger, _v.Tokens[name.MemberToken], $"{name.Module}.{member} {danger.Reason}");
    }

    private string DescribeAllowList() => string.Join(", ", _options.Modules.AllowList.Order(StringComparer.Ordinal).Select(m => $"'{m}'"));

    private void CheckAttribute(int i)
    {
        var name = _v.Text(i);
        if (DangerCatalog.EscapeAttributeLookup.TryGetValue(name, out var reason))
            Report(PythonRules.IntrospectionEscape, _v.Tokens[i], $"attribute {name} {reason}");
        else if (name.SequenceEqual("__dict__"))
            CheckNamespaceKey(i + 1, _v.Tokens[i], "__dict__");
    }

    // type.__dict__['__subclasses__'] and vars(f)['__globals__'] read an escape attribute without naming it as one.
    private void CheckNamespaceKey(int after, in PythonToken at, string display)
    {
        Range? key = null;
        if (_v.IsOp(after, "[") && _v.MatchOf(after) > after) key = new Range(after + 1, _v.MatchOf(after));
        else if (_v.IsOp(after, ".") && _v.Text(after + 1).SequenceEqual("get") && _v.IsOp(after + 2, "("))
            key = _v.Arguments(after + 2) is [var first, ..] ? first : null;
        if (key is { } range && ConstantFolder.FoldString(_v, range) is { } name && DangerCatalog.EscapeAttributes.TryGetValue(name, out var reason))
            Report(PythonRules.IntrospectionEscape, at, $"{display}['{name}'] reads {name}, which {reason}");
    }

    private void ReportEntry(DangerEntry entry, in PythonToken token, string message)
    {
        if (PythonRules.Find(entry.RuleId) is { } rule) Report(rule, token, message);
    }

    private void Report(PythonRule rule, in PythonToken token, string message) => Report(rule, token.Line, token.Column, message);

    private void Report(PythonRule rule, int line, int column, string message)
    {
        if (_options.SeverityOf(rule.Id) is not { } severity || !_reported.Add((rule.Id, line, column))) return;
        _findings.Add(new ValidationFinding(rule.Id, severity, message) { Validator = PythonValidator.ValidatorName, Path = _path, Line = line, Column = column });
    }
}
