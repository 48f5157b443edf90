namespace Sandbox.Validators.Python.Analysis;

/// <summary>What a name may refer to: a qualified name (<c>os.system</c>, <c>builtins.eval</c>) and how it got there.</summary>
/// <param name="Qualified">The qualified name.</param>
/// <param name="FromImport">Whether an import bound it (so it may be a module whose namespace is worth guarding).</param>
/// <param name="Line">The line of the binding, 0 for a builtin.</param>
internal readonly record struct Resolved(string Qualified, bool FromImport, int Line);

/// <summary>
/// Every binding of a name anywhere in the file: imports, aliases (<c>e = eval</c>) and the results of constant dynamic
/// imports (<c>m = __import__('os')</c>). Deliberately flow- and scope-insensitive: a name bound to something dangerous
/// anywhere is treated as possibly that thing everywhere, and a later rebinding never clears it — so hiding an alias in a
/// function, or shadowing it afterwards, does not hide it from the validator.
/// </summary>
internal sealed class BindingTable
{
    private const int MaxDepth = 12;

    private readonly Dictionary<string, List<Binding>> _bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Resolved>> _resolved = new(StringComparer.Ordinal);
    private readonly List<string> _starModules = [];
    private readonly Dictionary<string, List<Binding>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public BindingTable() => _lookup = _bindings.GetAlternateLookup<ReadOnlySpan<char>>();

    private abstract record Binding(int Line);

    private sealed record ImportBinding(string Target, int Line) : Binding(Line);

    private sealed record AliasBinding(string[] Chain, int Line) : Binding(Line);

    private sealed record ImportCallBinding(string[] Function, string Module, int Line) : Binding(Line);

    /// <summary>Whether any star import was seen (then any name may come from a module).</summary>
    public bool HasStarImports => _starModules.Count > 0;

    /// <summary>Whether <paramref name="name"/> is bound anywhere.</summary>
    public bool IsBound(ReadOnlySpan<char> name) => _lookup.ContainsKey(name);

    /// <summary><c>import a.b as name</c> and <c>from a import b as name</c>: <paramref name="name"/> is <paramref name="target"/>.</summary>
    public void AddImport(string name, string target, int line) => Add(name, new ImportBinding(target, line));

    /// <summary><c>name = a.b.c</c>: <paramref name="name"/> is whatever the chain is.</summary>
    public void AddAlias(string name, string[] chain, int line)
    {
        if (chain.Length == 1 && chain[0] == name) return;
        Add(name, new AliasBinding(chain, line));
    }

    /// <summary><c>name = f('module')</c> where <c>f</c> may be a dynamic import function.</summary>
    public void AddImportCall(string name, string[] function, string module, int line) => Add(name, new ImportCallBinding(function, module, line));

    /// <summary><c>from module import *</c>.</summary>
    public void AddStarImport(string module) => _starModules.Add(module);

    /// <summary>Everything <paramref name="name"/> may refer to, always including the builtin of that name.</summary>
    public IReadOnlyList<Resolved> Resolve(string name) => Resolve(name, 0, []);

    private List<Resolved> Resolve(string name, int depth, HashSet<string> visiting)
    {
        if (_resolved.TryGetValue(name, out var cached)) return cached;
        var results = new List<Resolved>();
        if (depth < MaxDepth && visiting.Add(name) && _bindings.TryGetValue(name, out var bindings))
        {
            foreach (var binding in bindings) results.AddRange(ResolveBinding(binding, depth, visiting));
            visiting.Remove(name);
        }

        results.Add(new Resolved("builtins." + name, false, 0));
        foreach (var module in _starModules) results.Add(new Resolved(module + "." + name, true, 0));
        var distinct = results.DistinctBy(r => r.Qualified).ToList();
        if (depth == 0) _resolved[name] = distinct;
        return distinct;
    }

    private IEnumerable<Resolved> ResolveBinding(Binding binding, int depth, HashSet<string> visiting)
    {
        switch (binding)
        {
            case ImportBinding import:
                yield return new Resolved(import.Target, true, import.Line);
                break;
            case AliasBinding alias:
                var rest = alias.Chain.Length > 1 ? "." + string.Join('.', alias.Chain.Skip(1)) : "";
                foreach (var head in Resolve(alias.Chain[0], depth + 1, visiting))
                    yield return new Resolved(head.Qualified + rest, head.FromImport, alias.Line);
                break;
            case ImportCallBinding call:
                var rest2 = call.Function.Length > 1 ? "." + string.Join('.', call.Function.Skip(1)) : "";
                foreach (var head in Resolve(call.Function[0], depth + 1, visiting))
                {
                    var function = head.Qualified + rest2;
                    if (function == "builtins.__import__") yield return new Resolved(call.Module.Split('.')[0], true, call.Line);
                    else if (function == "importlib.import_module") yield return new Resolved(call.Module, true, call.Line);
                }

                break;
        }
    }

    private void Add(string name, Binding binding)
    {
        if (!_bindings.TryGetValue(name, out var list)) _bindings[name] = list = [];
        list.Add(binding);
        _resolved.Clear();
    }
}
