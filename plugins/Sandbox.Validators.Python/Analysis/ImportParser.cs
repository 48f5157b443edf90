using Sandbox.Validators.Python.Tokenizer;

namespace Sandbox.Validators.Python.Analysis;

/// <summary>One name brought in by an import statement.</summary>
/// <param name="Module">The module: <c>a.b</c> for <c>import a.b</c> and <c>from a.b import c</c>; leading dots when relative.</param>
/// <param name="Member">For <c>from</c> imports, the imported name (<c>*</c> for a star import).</param>
/// <param name="BoundName">The local name bound (<c>a</c> for <c>import a.b</c>, the alias after <c>as</c>); null for a star import.</param>
/// <param name="BoundTarget">What the bound name refers to: <c>a</c> for <c>import a.b</c>, <c>a.b</c> for <c>import a.b as x</c>, <c>a.b.c</c> for a member.</param>
/// <param name="ModuleToken">Token index of the module name, for positions.</param>
/// <param name="MemberToken">Token index of the member name, or -1.</param>
internal sealed record ImportedName(string Module, string? Member, string? BoundName, string BoundTarget, int ModuleToken, int MemberToken)
{
    /// <summary>Whether the import is relative to the current package (local code, not checked against the lists).</summary>
    public bool Relative => Module.StartsWith('.');
}

/// <summary>Parses <c>import</c> and <c>from ... import</c> statements from the token stream.</summary>
internal static class ImportParser
{
    /// <summary>
    /// Whether token <paramref name="i"/> starts an import statement: <c>import</c> anywhere (it is a hard keyword),
    /// <c>from</c> only where a statement starts (so that <c>yield from</c> and <c>raise X from Y</c> are not imports).
    /// </summary>
    public static bool StartsImport(CodeView v, int i) =>
        v.Tokens[i].Kind == PythonTokenKind.Name && (v.IsKeyword(i, "import") || (v.IsKeyword(i, "from") && v.IsStatementStart(i)));

    /// <summary>Parses the statement at <paramref name="i"/> into <paramref name="names"/>; returns the index after it.</summary>
    public static int Parse(CodeView v, int i, List<ImportedName> names)
    {
        return v.IsKeyword(i, "import") ? ParseImport(v, i + 1, names) : ParseFrom(v, i + 1, names);
    }

    private static int ParseImport(CodeView v, int i, List<ImportedName> names)
    {
        while (true)
        {
            var moduleToken = i;
            var module = ReadDotted(v, ref i);
            if (module is null) return i;
            var bound = module.Split('.')[0];
            var target = bound;
            if (v.IsKeyword(i, "as") && v.IsIdentifier(i + 1))
            {
                bound = v.Text(i + 1).ToString();
                target = module;
                i += 2;
            }

            names.Add(new ImportedName(module, null, bound, target, moduleToken, -1));
            if (!v.IsOp(i, ",")) return i;
            i++;
        }
    }

    private static int ParseFrom(CodeView v, int i, List<ImportedName> names)
    {
        var moduleToken = i;
        var dots = "";
        while (v.IsOp(i, ".") || v.IsOp(i, "..."))
        {
            dots += v.Text(i).ToString();
            i++;
        }

        var module = v.IsKeyword(i, "import") ? "" : ReadDotted(v, ref i);
        if (module is null || !v.IsKeyword(i, "import")) return i;
        module = dots + module;
        i++;
        if (v.IsOp(i, "*"))
        {
            names.Add(new ImportedName(module, "*", null, module, moduleToken, i));
            return i + 1;
        }

        var parenthesized = v.IsOp(i, "(");
        if (parenthesized) i++;
        while (v.IsIdentifier(i))
        {
            var memberToken = i;
            var member = v.Text(i).ToString();
            var bound = member;
            i++;
            if (v.IsKeyword(i, "as") && v.IsIdentifier(i + 1))
            {
                bound = v.Text(i + 1).ToString();
                i += 2;
            }

            names.Add(new ImportedName(module, member, bound, module + "." + member, moduleToken, memberToken));
            if (!v.IsOp(i, ",")) break;
            i++;
        }

        if (parenthesized && v.IsOp(i, ")")) i++;
        return i;
    }

    private static string? ReadDotted(CodeView v, ref int i)
    {
        if (v.Tokens[i].Kind != PythonTokenKind.Name) return null;
        var name = v.Text(i).ToString();
        i++;
        while (v.IsOp(i, ".") && i + 1 < v.Count && v.Tokens[i + 1].Kind == PythonTokenKind.Name)
        {
            name += "." + v.Text(i + 1).ToString();
            i += 2;
        }

        return name;
    }
}
