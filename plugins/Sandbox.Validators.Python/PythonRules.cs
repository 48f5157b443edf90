using Sandbox.Abstractions;

namespace Sandbox.Validators.Python;

/// <summary>One rule of the PY catalog.</summary>
/// <param name="Id">Stable id, e.g. <c>PY0001</c>; never renumbered.</param>
/// <param name="Title">Short title.</param>
/// <param name="DefaultSeverity">Severity unless the settings override it.</param>
/// <param name="Description">Why it matters.</param>
public sealed record PythonRule(string Id, string Title, FindingSeverity DefaultSeverity, string Description);

/// <summary>The PY rule catalog of the <c>python</c> validator: every id in one place.</summary>
public static class PythonRules
{
    /// <summary>An import of a module on the deny-list.</summary>
    public static readonly PythonRule DeniedImport = new("PY0001", "Deny-listed import", FindingSeverity.Error,
        "The module gives untrusted code processes, the network, the filesystem, native code or the interpreter's internals.");

    /// <summary>A dynamic import whose module cannot be determined statically.</summary>
    public static readonly PythonRule DynamicImport = new("PY0002", "Dynamic import", FindingSeverity.Error,
        "__import__, importlib and friends load a module named at run time, which no deny-list can check.");

    /// <summary>A builtin that runs code, opens files or exposes namespaces.</summary>
    public static readonly PythonRule DangerousBuiltin = new("PY0003", "Dangerous builtin", FindingSeverity.Error,
        "eval, exec, compile, open, breakpoint, globals and locals run arbitrary code, touch files or hand out __builtins__.");

    /// <summary>A dangerous member of a module (os.system, subprocess.run, ...), however it was reached.</summary>
    public static readonly PythonRule DangerousMember = new("PY0004", "Dangerous module member", FindingSeverity.Error,
        "Runs processes, opens sockets or files, deserializes code or calls native code, even when its module is allowed.");

    /// <summary>Introspection that walks to builtins, globals, classes or frames.</summary>
    public static readonly PythonRule IntrospectionEscape = new("PY0005", "Introspection escape", FindingSeverity.Error,
        "__subclasses__, __globals__, __builtins__, frames and module namespaces reach everything the deny-list removed.");

    /// <summary>getattr and friends with an attribute name that is not a constant.</summary>
    public static readonly PythonRule DynamicAttribute = new("PY0006", "Dynamic attribute access", FindingSeverity.Error,
        "getattr(x, name) with a computed name can reach any attribute, including the ones the other rules forbid.");

    /// <summary>An import of a module missing from the allow-list (allow-list mode).</summary>
    public static readonly PythonRule NotAllowListed = new("PY0007", "Import not on the allow-list", FindingSeverity.Error,
        "In allow-list mode only the listed modules (and their submodules) may be imported.");

    /// <summary>Source the tokenizer could not read.</summary>
    public static readonly PythonRule Unreadable = new("PY0008", "Source cannot be tokenized", FindingSeverity.Error,
        "Where the tokenizer cannot tell code from strings, nothing after that point can be vouched for.");

    /// <summary>A source encoding declaration other than UTF-8, ASCII or Latin-1.</summary>
    public static readonly PythonRule EncodingDeclaration = new("PY0009", "Non-UTF-8 encoding declaration", FindingSeverity.Error,
        "Python would decode the file differently from the text validated here; UTF-7 can hide newlines and code inside comments.");

    /// <summary>A dynamic import of a constant module name that is allowed.</summary>
    public static readonly PythonRule ConstantDynamicImport = new("PY0010", "Dynamic import of a constant name", FindingSeverity.Warning,
        "The module is allowed, but the imported object is not tracked as an ordinary import would be; prefer an import statement.");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<PythonRule> All { get; } =
    [
        DeniedImport, DynamicImport, DangerousBuiltin, DangerousMember, IntrospectionEscape, DynamicAttribute, NotAllowListed,
        Unreadable, EncodingDeclaration, ConstantDynamicImport,
    ];

    /// <summary>The rule with <paramref name="id"/>, or <c>null</c>.</summary>
    public static PythonRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
