using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

// References to names: resolving a chain like o.system through the binding table to os.system, and the calls
// that need their arguments looked at (dynamic import, getattr, attrgetter, vars).
internal sealed partial class SourceAnalyzer
{
    private readonly List<string> _chain = [];
    private readonly Dictionary<string, bool> _interesting = new(StringComparer.Ordinal);

    // A bound name matters when it may be an import (a module or member) or a dangerous builtin; `total = sum` does not.
    private bool IsInteresting(ReadOnlySpan<char> name)
    {
        if (!_bindings.IsBound(name)) return false;
        var lookup = _interesting.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var known)) return known;
        var text = name.ToString();
        return _interesting[text] = _bindings.Resolve(text).Any(r =>
            r.FromImport || (r.Qualified.StartsWith("builtins.", StringComparison.Ordinal) && _options.BuiltinNames.Contains(r.Qualified.Split('.')[1])));
    }

    /// <summary>A catalog hit for a chain: the entry, the qualified name it matched and how many chain names it used.</summary>
    private readonly record struct Hit(DangerEntry Entry, string Qualified, int SegmentsUsed, Resolved Via);

    private void CheckReference(int i)
    {
        var head = _v.Text(i);
        if (!_options.BuiltinLookup.Contains(head) && !_bindings.HasStarImports && !IsInteresting(head)) return;
        _v.ReadChain(i, _chain);
        var chain = _chain.ToArray();
        CheckModuleNamespace(i, chain);
        if (FindHit(chain) is not { } hit) return;

        var end = i + 2 * (hit.SegmentsUsed - 1);
        var called = _v.IsOp(end + 1, "(");
        var display = string.Join('.', chain.Take(hit.SegmentsUsed));
        var target = hit.Qualified.StartsWith("builtins.", StringComparison.Ordinal) ? hit.Qualified["builtins.".Length..] : hit.Qualified;
        var token = _v.Tokens[i];
        switch (hit.Entry.Kind)
        {
            case DangerKind.DynamicImport:
                CheckDynamicImport(token, display, target, end, called);
                break;
            case DangerKind.DynamicAttribute:
                CheckDynamicAttribute(token, display, end, called);
                break;
            case DangerKind.AttributeGetter:
                CheckAttributeGetter(token, display, end, called, hit.Entry);
                break;
            case DangerKind.Vars:
                CheckVars(token, display, end, called);
                break;
            default:
                var how = display == target || display == hit.Qualified
                    ? called ? $"{target}() {hit.Entry.Reason}" : $"{target} is referenced here without being called; aliased or passed on, it still {hit.Entry.Reason}"
                    : $"{display}{(called ? "()" : "")} refers to {target}{(hit.Via.Line > 0 ? $" (bound on line {hit.Via.Line})" : "")}, which {hit.Entry.Reason}";
                ReportEntry(hit.Entry, token, how);
                break;
        }

    }

    /// <summary>The first catalog entry the chain reaches through any of its head's bindings (shortest prefix first).</summary>
    private Hit? FindHit(string[] chain)
    {
        foreach (var resolved in _bindings.Resolve(chain[0]))
        {
            var baseSegments = resolved.Qualified.Split('.');
            var full = baseSegments.Concat(chain.Skip(1)).ToArray();
            for (var end = 1; end <= full.Length; end++)
            {
                // Matching suffixes too catches walks such as os.path.os.system.
                for (var start = 0; start < end; start++)
                {
                    if (end - start < 2) continue;
                    var name = string.Join('.', full[start..end]);
                    if (_options.Find(name) is { } entry)
                        return new Hit(entry, name, Math.Max(1, end - baseSegments.Length + 1), resolved);
                }
            }
        }

        return null;
    }

    // import os; os.__dict__['system'] reaches a member by a string, past every member check.
    private void CheckModuleNamespace(int i, string[] chain)
    {
        var at = Array.IndexOf(chain, "__dict__");
        if (at < 1) return;
        foreach (var resolved in _bindings.Resolve(chain[0]))
        {
            if (!resolved.FromImport) continue;
            Report(PythonRules.IntrospectionEscape, _v.Tokens[i + 2 * at],
                $"{string.Join('.', chain.Take(at + 1))} exposes the namespace of module {resolved.Qualified}, bypassing the checks on its members");
            return;
        }
    }

    private void CheckDynamicImport(in PythonToken token, string display, string target, int end, bool called)
    {
        if (!called)
        {
            Report(PythonRules.DynamicImport, token, $"{display} is referenced here without being called; the module it will import cannot be determined");
            return;
        }

        var arguments = _v.Arguments(end + 1) ?? [];
        var nameArgument = Argument(arguments, 0, "name");
        var module = nameArgument is { } range ? ConstantFolder.FoldString(_v, range) : null;
        if (module is not null && module.StartsWith('.') && target == "importlib.import_module")
        {
            var package = Argument(arguments, 1, "package") is { } p ? ConstantFolder.FoldString(_v, p) : null;
            module = package is null || module.StartsWith("..", StringComparison.Ordinal) ? null : package + module;
        }

        if (module is null || !Configuration.NamePattern.IsValid(module, false))
        {
            Report(PythonRules.DynamicImport, token, module is null
                ? $"{display}() is given a module name that is not a constant string, so it cannot be checked against the deny-list"
                : $"{display}() is given '{module}', which is not a module name the validator can check");
            return;
        }

        switch (_options.Modules.Check(module, null, out var entry))
        {
            case Configuration.ModuleVerdict.Denied:
                Report(PythonRules.DeniedImport, token, $"{display}('{module}') imports '{module}', which is not allowed: '{entry}' is on the deny-list");
                break;
            case Configuration.ModuleVerdict.NotAllowListed:
                Report(PythonRules.NotAllowListed, token, $"{display}('{module}') imports '{module}', which is not allowed: only {DescribeAllowList()} may be imported");
                break;
            default:
                Report(PythonRules.ConstantDynamicImport, token, $"{display}('{module}') imports an allowed module dynamically; write 'import {module}' instead");
                break;
        }
    }

    private void CheckDynamicAttribute(in PythonToken token, string display, int end, bool called)
    {
        if (!called)
        {
            Report(PythonRules.DynamicAttribute, token, $"{display} is referenced here without being called; the attribute names it will be given cannot be checked");
            return;
        }

        var arguments = _v.Arguments(end + 1) ?? [];
        if (arguments.Count < 2) return;
        if (ConstantFolder.FoldString(_v, arguments[1]) is not { } name)
        {
            Report(PythonRules.DynamicAttribute, token, $"{display}() is given an attribute name that is not a constant string, so it can reach any attribute");
            return;
        }

        if (DangerCatalog.EscapeAttributes.TryGetValue(name, out var reason))
        {
            Report(PythonRules.IntrospectionEscape, token, $"{display}(..., '{name}') reads {name}, which {reason}");
            return;
        }

        // getattr(os, 'system') is os.system.
        var receiver = arguments[0];
        var start = receiver.Start.Value;
        if (!_v.IsIdentifier(start) || _v.ReadChain(start, _chain) + 1 != receiver.End.Value) return;
        var chain = _chain.Append(name).ToArray();
        if (FindHit(chain) is { } hit && hit.SegmentsUsed == chain.Length)
            ReportEntry(hit.Entry, token, $"{display}({string.Join('.', chain[..^1])}, '{name}') reaches {hit.Qualified}, which {hit.Entry.Reason}");
    }

    private void CheckAttributeGetter(in PythonToken token, string display, int end, bool called, DangerEntry entry)
    {
        if (!called)
        {
            Report(PythonRules.DynamicAttribute, token, $"{display} is referenced here without being called; the attribute names it will be given cannot be checked");
            return;
        }

        var arguments = _v.Arguments(end + 1) ?? [];
        var names = entry.Pattern.EndsWith("methodcaller", StringComparison.Ordinal) ? arguments.Take(1) : arguments;
        foreach (var argument in names)
        {
            if (ConstantFolder.FoldString(_v, argument) is not { } path)
            {
                Report(PythonRules.DynamicAttribute, token, $"{display}() is given an attribute name that is not a constant string, so it can reach any attribute");
                return;
            }

            foreach (var part in path.Split('.'))
            {
                if (DangerCatalog.EscapeAttributes.TryGetValue(part, out var reason))
                    Report(PythonRules.IntrospectionEscape, token, $"{display}('{path}') reads {part}, which {reason}");
            }
        }
    }

    private void CheckVars(in PythonToken token, string display, int end, bool called)
    {
        var arguments = called ? _v.Arguments(end + 1) ?? [] : null;
        if (arguments is null || arguments.Count == 0)
        {
            Report(PythonRules.DangerousBuiltin, token, called
                ? $"{display}() without an argument exposes the local namespace, including __builtins__"
                : $"{display} is referenced here without being called; called without an argument it exposes the local namespace");
            return;
        }

        CheckNamespaceKey(_v.MatchOf(end + 1) + 1, token, $"{display}(...)");
        var start = arguments[0].Start.Value;
        if (!_v.IsIdentifier(start) || _v.ReadChain(start, _chain) + 1 != arguments[0].End.Value) return;
        foreach (var resolved in _bindings.Resolve(_chain[0]))
        {
            if (!resolved.FromImport) continue;
            Report(PythonRules.IntrospectionEscape, token, $"{display}({string.Join('.', _chain)}) exposes the namespace of module {resolved.Qualified}, bypassing the checks on its members");
            return;
        }
    }

    private Range? Argument(List<Range> arguments, int position, string keyword)
    {
        foreach (var argument in arguments)
        {
            var name = _v.KeywordOf(argument);
            if (name == keyword) return new Range(argument.Start.Value + 2, argument.End);
        }

        var positional = arguments.Where(a => _v.KeywordOf(a) is null).ToList();
        if (positional.Count <= position) return null;
        var chosen = positional[position];
        return _v.IsOp(chosen.Start.Value, "*") || _v.IsOp(chosen.Start.Value, "**") ? null : chosen;
    }
}
