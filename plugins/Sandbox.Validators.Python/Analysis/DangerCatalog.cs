namespace Sandbox.Validators.Python.Analysis;

/// <summary>How a catalog entry is checked when it is referenced.</summary>
internal enum DangerKind
{
    /// <summary>Any reference is reported.</summary>
    Plain,

    /// <summary>Imports the module named by its first argument (<c>__import__</c>, <c>importlib.import_module</c>).</summary>
    DynamicImport,

    /// <summary>Reads the attribute named by its second argument (<c>getattr</c>, <c>setattr</c>, <c>delattr</c>).</summary>
    DynamicAttribute,

    /// <summary>Reads the attribute paths named by its arguments (<c>operator.attrgetter</c>, <c>operator.methodcaller</c>).</summary>
    AttributeGetter,

    /// <summary><c>vars</c>: dangerous without an argument or with a module.</summary>
    Vars,
}

/// <summary>One dangerous qualified name. One <c>*</c> in the pattern stands for any run of characters.</summary>
internal sealed record DangerEntry(string Pattern, string RuleId, string Reason, DangerKind Kind = DangerKind.Plain);

/// <summary>The built-in knowledge of what is dangerous in Python: modules, builtins, module members and attributes.</summary>
public static class DangerCatalog
{
    /// <summary>
    /// Modules denied by default. <c>sys</c> is among them: <c>sys.modules['os']</c> hands out any module already loaded
    /// (os always is). Allow it explicitly when needed; <c>sys.modules</c>, <c>sys._getframe</c> and the like stay reported.
    /// </summary>
    public static IReadOnlyList<string> DefaultDeniedModules { get; } =
    [
        // processes, signals and terminals
        "os", "posix", "nt", "sys", "subprocess", "_posixsubprocess", "pty", "tty", "termios", "fcntl", "signal", "resource",
        "multiprocessing", "_multiprocessing", "asyncio", "webbrowser", "antigravity", "ensurepip", "venv", "pip", "_winapi", "msvcrt", "winreg",
        // network
        "socket", "_socket", "ssl", "select", "selectors", "socketserver", "http", "urllib", "urllib2", "urllib3", "requests",
        "httpx", "aiohttp", "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc", "logging.config",
        // native code and memory
        "ctypes", "_ctypes", "cffi", "mmap",
        // filesystem
        "shutil", "pathlib", "fileinput", "linecache", "_io",
        // the interpreter, importing and code execution
        "builtins", "__builtin__", "importlib", "imp", "pkgutil", "runpy", "zipimport", "site", "code", "codeop", "marshal",
        "pickle", "_pickle", "cPickle", "shelve", "dill", "copyreg", "gc", "inspect", "pdb", "bdb", "trace", "profile", "cProfile",
        "doctest", "timeit", "_thread",
    ];

    private const string RunsCode = "executes arbitrary code";
    private const string OpensFiles = "opens files";
    private const string RunsProcesses = "runs processes or shell commands";
    private const string Network = "opens network connections";
    private const string Deserializes = "deserializes data into arbitrary calls";
    private const string NativeCode = "calls native code";
    private const string ImportMachinery = "is import machinery that loads modules no deny-list can check";
    private const string NamespaceLeak = "exposes namespaces, including __builtins__ and imported modules";

    /// <summary>Dangerous qualified names. Builtins are <c>builtins.name</c>.</summary>
    internal static IReadOnlyList<DangerEntry> Entries { get; } =
    [
        new("builtins.eval", PythonRules.DangerousBuiltin.Id, RunsCode),
        new("builtins.exec", PythonRules.DangerousBuiltin.Id, RunsCode),
        new("builtins.execfile", PythonRules.DangerousBuiltin.Id, RunsCode),
        new("builtins.compile", PythonRules.DangerousBuiltin.Id, "compiles source into code objects that exec, eval or a function can run"),
        new("builtins.open", PythonRules.DangerousBuiltin.Id, OpensFiles),
        new("builtins.file", PythonRules.DangerousBuiltin.Id, OpensFiles),
        new("builtins.breakpoint", PythonRules.DangerousBuiltin.Id, "starts a debugger that can run arbitrary code"),
        new("builtins.globals", PythonRules.DangerousBuiltin.Id, NamespaceLeak),
        new("builtins.locals", PythonRules.DangerousBuiltin.Id, NamespaceLeak),
        new("builtins.reload", PythonRules.DynamicImport.Id, ImportMachinery),
        new("builtins.vars", PythonRules.DangerousBuiltin.Id, "without an argument exposes the local namespace", DangerKind.Vars),
        new("builtins.__import__", PythonRules.DynamicImport.Id, "imports a module named at run time", DangerKind.DynamicImport),
        new("builtins.getattr", PythonRules.DynamicAttribute.Id, "reads an attribute named at run time", DangerKind.DynamicAttribute),
        new("builtins.setattr", PythonRules.DynamicAttribute.Id, "writes an attribute named at run time", DangerKind.DynamicAttribute),
        new("builtins.delattr", PythonRules.DynamicAttribute.Id, "deletes an attribute named at run time", DangerKind.DynamicAttribute),
        new("builtins.__builtins__", PythonRules.IntrospectionEscape.Id, "exposes every builtin, including eval, exec and __import__"),
        new("builtins.__loader__", PythonRules.IntrospectionEscape.Id, "is a module loader that can import any module"),
        new("builtins.__spec__", PythonRules.IntrospectionEscape.Id, "leads to a module loader that can import any module"),
        new("importlib.import_module", PythonRules.DynamicImport.Id, "imports a module named at run time", DangerKind.DynamicImport),
        new("importlib.__import__", PythonRules.DynamicImport.Id, "imports a module named at run time", DangerKind.DynamicImport),
        new("importlib.*", PythonRules.DynamicImport.Id, ImportMachinery),
        new("imp.*", PythonRules.DynamicImport.Id, ImportMachinery),
        new("pkgutil.*", PythonRules.DynamicImport.Id, ImportMachinery),
        new("zipimport.*", PythonRules.DynamicImport.Id, ImportMachinery),
        new("runpy.*", PythonRules.DangerousMember.Id, "runs modules and files as scripts"),
        new("os.system", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.popen", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.exec*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.spawn*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.posix_spawn*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.fork*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.startfile", PythonRules.DangerousMember.Id, RunsProcesses),
        new("os.kill*", PythonRules.DangerousMember.Id, "sends signals to processes"),
        new("os.open", PythonRules.DangerousMember.Id, OpensFiles),
        new("os.fdopen", PythonRules.DangerousMember.Id, OpensFiles),
        new("posix.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("nt.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("subprocess.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("_posixsubprocess.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("pty.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("multiprocessing.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("concurrent.futures.ProcessPoolExecutor", PythonRules.DangerousMember.Id, RunsProcesses),
        new("asyncio.create_subprocess_*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("asyncio.open_*connection", PythonRules.DangerousMember.Id, Network),
        new("asyncio.start_*server", PythonRules.DangerousMember.Id, Network),
        new("platform.popen", PythonRules.DangerousMember.Id, RunsProcesses),
        new("webbrowser.*", PythonRules.DangerousMember.Id, RunsProcesses),
        new("socket.*", PythonRules.DangerousMember.Id, Network),
        new("_socket.*", PythonRules.DangerousMember.Id, Network),
        new("sys.modules", PythonRules.DangerousMember.Id, "hands out every loaded module, os included"),
        new("sys._getframe", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("sys._current_frames", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("sys.settrace", PythonRules.IntrospectionEscape.Id, "installs a tracer that sees every frame"),
        new("sys.setprofile", PythonRules.IntrospectionEscape.Id, "installs a profiler that sees every frame"),
        new("sys.meta_path", PythonRules.DynamicImport.Id, ImportMachinery),
        new("sys.path_hooks", PythonRules.DynamicImport.Id, ImportMachinery),
        new("sys.path_importer_cache", PythonRules.DynamicImport.Id, ImportMachinery),
        new("sys.breakpointhook", PythonRules.DangerousBuiltin.Id, "starts a debugger that can run arbitrary code"),
        new("io.open", PythonRules.DangerousMember.Id, OpensFiles),
        new("io.FileIO", PythonRules.DangerousMember.Id, OpensFiles),
        new("_io.*", PythonRules.DangerousMember.Id, OpensFiles),
        new("codecs.open", PythonRules.DangerousMember.Id, OpensFiles),
        new("shutil.*", PythonRules.DangerousMember.Id, "copies, moves and deletes files"),
        new("types.CodeType", PythonRules.DangerousMember.Id, "builds executable code objects from raw bytecode"),
        new("types.FunctionType", PythonRules.DangerousMember.Id, "turns code objects into callable functions"),
        new("pickle.load*", PythonRules.DangerousMember.Id, Deserializes),
        new("pickle.Unpickler", PythonRules.DangerousMember.Id, Deserializes),
        new("_pickle.*", PythonRules.DangerousMember.Id, Deserializes),
        new("marshal.load*", PythonRules.DangerousMember.Id, "loads raw code objects"),
        new("shelve.open", PythonRules.DangerousMember.Id, Deserializes),
        new("dill.load*", PythonRules.DangerousMember.Id, Deserializes),
        new("ctypes.*", PythonRules.DangerousMember.Id, NativeCode),
        new("_ctypes.*", PythonRules.DangerousMember.Id, NativeCode),
        new("cffi.*", PythonRules.DangerousMember.Id, NativeCode),
        new("code.*", PythonRules.DangerousMember.Id, RunsCode),
        new("codeop.*", PythonRules.DangerousMember.Id, "compiles source into code objects"),
        new("timeit.*", PythonRules.DangerousMember.Id, "compiles and runs code given as strings"),
        new("cProfile.run*", PythonRules.DangerousMember.Id, "compiles and runs code given as strings"),
        new("profile.run*", PythonRules.DangerousMember.Id, "compiles and runs code given as strings"),
        new("pdb.*", PythonRules.DangerousMember.Id, "starts a debugger that can run arbitrary code"),
        new("gc.get_objects", PythonRules.IntrospectionEscape.Id, "reaches every live object, imported modules included"),
        new("gc.get_referrers", PythonRules.IntrospectionEscape.Id, "reaches every live object, imported modules included"),
        new("gc.get_referents", PythonRules.IntrospectionEscape.Id, "reaches every live object, imported modules included"),
        new("inspect.currentframe", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("inspect.stack", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("inspect.trace", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("inspect.getouterframes", PythonRules.IntrospectionEscape.Id, "exposes stack frames and their globals and builtins"),
        new("operator.attrgetter", PythonRules.DynamicAttribute.Id, "reads attribute paths named at run time", DangerKind.AttributeGetter),
        new("operator.methodcaller", PythonRules.DynamicAttribute.Id, "calls a method named at run time", DangerKind.AttributeGetter),
    ];

    /// <summary>Attributes that walk from any object to classes, globals, builtins or frames, with why.</summary>
    internal static Dictionary<string, string> EscapeAttributes { get; } = BuildEscapeAttributes();

    /// <summary><see cref="EscapeAttributes"/> looked up by span, so that ordinary attributes cost no allocation.</summary>
    internal static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> EscapeAttributeLookup { get; } = EscapeAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, string> BuildEscapeAttributes()
    {
        const string walk = "walks from an object to every loaded class (the classic sandbox escape)";
        const string globals = "reaches a function's globals and, through them, __builtins__";
        const string frame = "exposes a stack frame and its globals and builtins";
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "__subclasses__", "__bases__", "__base__", "__mro__" }) map[name] = walk;
        foreach (var name in new[] { "__globals__", "func_globals", "__closure__", "__code__", "func_code" }) map[name] = globals;
        foreach (var name in new[] { "tb_frame", "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code" })
            map[name] = frame;
        map["__builtins__"] = "exposes every builtin, including eval, exec and __import__";
        map["__import__"] = "imports a module named at run time";
        map["__loader__"] = "is a module loader that can import any module";
        map["__spec__"] = "leads to a module loader that can import any module";
        map["__self__"] = "reaches the object a builtin is bound to (print.__self__ is the builtins module)";
        map["__getattribute__"] = "reads attributes by a name given at run time";
        map["__reduce__"] = "exposes the callables used to rebuild an object";
        map["__reduce_ex__"] = "exposes the callables used to rebuild an object";
        return map;
    }
}
