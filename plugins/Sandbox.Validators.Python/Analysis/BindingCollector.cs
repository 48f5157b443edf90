using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>First pass over a file: records every import, alias and constant dynamic import in a <see cref="BindingTable"/>.</summary>
internal static class BindingCollector
{
    public static BindingTable Collect(CodeView v)
    {
        var table = new BindingTable();
        var imports = new List<ImportedName>();
        var chain = new List<string>();
        for (var i = 0; i < v.Count; i++)
        {
            if (ImportParser.StartsImport(v, i))
            {
                imports.Clear();
                var end = ImportParser.Parse(v, i, imports);
                foreach (var name in imports) AddImport(v, table, name);
                i = Math.Max(i, end - 1);
            }
            else if (v.IsIdentifier(i) && !v.IsOp(i - 1, ".") && (v.IsOp(i + 1, "=") || v.IsOp(i + 1, ":=")))
            {
                AddAssignment(v, table, v.Text(i).ToString(), i + 2, chain);
            }
            else if (v.IsIdentifier(i) && v.IsOp(i + 1, ",") && v.IsStatementStart(i))
            {
                AddTupleAssignment(v, table, i, chain);
            }
        }

        return table;
    }

    private static void AddImport(CodeView v, BindingTable table, ImportedName name)
    {
        if (name.Relative) return;
        var line = v.Tokens[name.ModuleToken].Line;
        if (name.Member == "*") table.AddStarImport(name.Module);
        else if (name.BoundName is not null) table.AddImport(name.BoundName, name.BoundTarget, line);
    }

    // name = a.b.c   |   name = f('const')   (also :=, keyword defaults and chained a = b = c)
    private static void AddAssignment(CodeView v, BindingTable table, string name, int rhs, List<string> chain)
    {
        if (!v.IsIdentifier(rhs)) return;
        var last = v.ReadChain(rhs, chain);
        var line = v.Tokens[rhs].Line;
        if (v.IsTerminator(last + 1))
        {
            table.AddAlias(name, [.. chain], line);
        }
        else if (v.IsOp(last + 1, "(") && v.Arguments(last + 1) is [var argument] && v.IsTerminator(v.MatchOf(last + 1) + 1)
                 && ConstantFolder.FoldString(v, argument) is { } module)
        {
            table.AddImportCall(name, [.. chain], module, line);
        }
    }

    // a, b = eval, exec
    private static void AddTupleAssignment(CodeView v, BindingTable table, int i, List<string> chain)
    {
        var targets = new List<string>();
        while (v.IsIdentifier(i))
        {
            targets.Add(v.Text(i).ToString());
            if (v.IsOp(i + 1, "=")) break;
            if (!v.IsOp(i + 1, ",")) return;
            i += 2;
        }

        if (!v.IsOp(i + 1, "=")) return;
        var j = i + 2;
        var values = new List<string[]?>();
        while (j < v.Count && v.Tokens[j].Kind is not (PythonTokenKind.NewLine or PythonTokenKind.EndOfFile) && !v.IsOp(j, ";"))
        {
            string[]? value = null;
            if (v.IsIdentifier(j))
            {
                var last = v.ReadChain(j, chain);
                if (v.IsOp(last + 1, ",") || v.IsTerminator(last + 1)) value = [.. chain];
                j = last + 1;
            }

            while (j < v.Count && !v.IsOp(j, ",") && !v.IsTerminator(j)) j = v.MatchOf(j) > j ? v.MatchOf(j) + 1 : j + 1;
            values.Add(value);
            if (!v.IsOp(j, ",")) break;
            j++;
        }

        if (values.Count != targets.Count) return;
        for (var k = 0; k < targets.Count; k++)
        {
            if (values[k] is { } value) table.AddAlias(targets[k], value, v.Tokens[i].Line);
        }
    }
}
