namespace Sandbox.Validators.Python.Tests;

/// <summary>Code that must be rejected, with the rule that must report it. Each case is one attack or one dangerous habit.</summary>
public sealed class TruePositiveTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // plain imports of deny-listed modules
        { "import os", "PY0001" },
        { "import os.path", "PY0001" },
        { "import json, subprocess", "PY0001" },
        { "import socket as s", "PY0001" },
        { "from os import path", "PY0001" },
        { "from subprocess import run as r", "PY0001" },
        { "from ctypes import *", "PY0001" },
        { "if True: import pty", "PY0001" },
        { "try:\n    import multiprocessing\nexcept ImportError:\n    pass", "PY0001" },
        { "x = 1; import shutil", "PY0001" },
        { "from \\\n  os import system", "PY0001" },
        { "from os import (\n    getcwd,\n    system,\n)", "PY0001" },
        { "import ｏｓ", "PY0001" },
        { "x = 1 # a comment\rimport os", "PY0001" },

        // dynamic imports
        { "__import__(name)", "PY0002" },
        { "m = __import__", "PY0002" },
        { "__import__(chr(111) + chr(115))", "PY0002" },
        { "__import__(''.join(reversed('so')))", "PY0002" },
        { "__import__('o' + 's')", "PY0001" },
        { "__import__(\"\".join(['o', 's']))", "PY0001" },
        { "__import__('so'[::-1])", "PY0001" },
        { "__import__('OS'.lower())", "PY0001" },
        { "__import__('\\x6fs')", "PY0001" },
        { "__import__('\\N{LATIN SMALL LETTER O}s')", "PY0001" },
        { "__import__(b'os'.decode())", "PY0001" },
        { "__import__(name='subprocess')", "PY0001" },
        { "import importlib\nimportlib.import_module(mod)", "PY0002" },
        { "import importlib as il\nil.import_module('soc' 'ket')", "PY0001" },

        // dangerous builtins, direct and aliased
        { "eval('1 + 1')", "PY0003" },
        { "exec(code)", "PY0003" },
        { "exec(compile(src, 'f', 'exec'))", "PY0003" },
        { "data = open('/etc/passwd').read()", "PY0003" },
        { "breakpoint()", "PY0003" },
        { "g = globals()", "PY0003" },
        { "e = eval\ne('1')", "PY0003" },
        { "def f():\n    return e('2')\ne = eval", "PY0003" },
        { "a, b = print, exec\nb('x')", "PY0003" },
        { "(run := exec)('x')", "PY0003" },
        { "list(map(eval, items))", "PY0003" },
        { "@eval\ndef f(): pass", "PY0003" },
        { "ｅｖａｌ('1')", "PY0003" },
        { "f\"{eval('1')}\"", "PY0003" },
        { "f'{x:{eval(\"1\")}}'", "PY0003" },
        { "f'''{\n  exec(code)  # a comment\n}'''", "PY0003" },
        { "t\"{exec(code)}\"", "PY0003" },
        { "def eval(x): return x\neval('1')", "PY0003" },
        { "vars()", "PY0003" },

        // dangerous members through aliases, even when the module itself is allowed
        { "import os as o\no.system('id')", "PY0004" },
        { "from os import system as s\ns('id')", "PY0004" },
        { "import os.path\nos.system('id')", "PY0004" },
        { "from os import path as p\np.os.system('id')", "PY0004" },
        { "m = __import__('subprocess')\nm.run(['id'])", "PY0004" },
        { "import os\ngetattr(os, 'system')('id')", "PY0004" },
        { "import os\nrun = os.popen", "PY0004" },
        { "import sys\nsys.modules['os'].system('id')", "PY0004" },
        { "import pickle\npickle.loads(blob)", "PY0004" },

        // introspection escapes
        { "().__class__.__bases__[0].__subclasses__()", "PY0005" },
        { "object.__subclasses__()", "PY0005" },
        { "f.__globals__['__builtins__']", "PY0005" },
        { "__builtins__.__dict__['eval']", "PY0005" },
        { "__builtins__['eval']", "PY0005" },
        { "getattr(__builtins__, 'ev' + 'al')", "PY0005" },
        { "b = __builtins__\nb.exec('x')", "PY0005" },
        { "print.__self__.exec('x')", "PY0005" },
        { "e.__traceback__.tb_frame.f_back.f_globals", "PY0005" },
        { "(x for x in []).gi_frame.f_builtins", "PY0005" },
        { "getattr(f, '__glo' + 'bals__')", "PY0005" },
        { "import os\nos.__dict__['system']('id')", "PY0005" },
        { "import os\nvars(os)['system']('id')", "PY0005" },
        { "import operator\noperator.attrgetter('__globals__')(f)", "PY0005" },
        { "__loader__.load_module('os')", "PY0005" },
        { "type.__dict__['__subclasses__'](object)", "PY0005" },
        { "type.__dict__.get('__sub' + 'classes__')(object)", "PY0005" },
        { "type(f).__dict__['__globals__'].__get__(f)", "PY0005" },
        { "vars(type)['__subclasses__'](object)", "PY0005" },
        { "import os\nos.path.os.sys.modules", "PY0004" },

        // dynamic attribute access
        { "getattr(obj, name)", "PY0006" },
        { "setattr(obj, name, value)", "PY0006" },
        { "g = getattr", "PY0006" },
        { "import operator\noperator.methodcaller(name)(obj)", "PY0006" },

        // unreadable source and encoding tricks
        { "x = 'unterminated", "PY0008" },
        { "x = (1,\n", "PY0008" },
        { "x = \"\"\"never closed", "PY0008" },
        { "# coding: utf-7\nprint(1) #+AAo-import os", "PY0009" },
        { "#!/usr/bin/env python\n# -*- coding: rot13 -*-\nvzcbeg bf", "PY0009" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dangerous_code_is_reported_with_its_rule(string code, string rule)
    {
        var errors = Validate.Errors(code);

        Assert.True(errors.Any(f => f.RuleId == rule), $"expected {rule} for:\n{code}\nfound:\n{Validate.Describe(errors)}");
    }
}
