namespace Sandbox.Validators.Python.Tests;

/// <summary>Ordinary code, and mentions of dangerous names that are not code, that must pass without any finding.</summary>
public sealed class TrueNegativeTests
{
    public static TheoryData<string> Cases => new()
    {
        // mentions inside strings and comments are not code
        "print('import os')",
        "print(\"eval(x) and exec(y)\")",
        "# import os\n# os.system('rm -rf /')\nx = 1",
        "x = 1  # eval(input())",
        "doc = '''\nimport subprocess\nsubprocess.run(['id'])\n'''",
        "doc = \"\"\"__import__('os').system('id')\"\"\"",
        "r = r'\\\\' + r'\\'' + \"eval\"",
        "b = b'__subclasses__'",
        "s = 'it''s' \"open\"",
        "msg = f'{name} called eval() on __builtins__'",
        "msg = f\"{x!r:>10} import os {{eval}}\"",
        "msg = f\"{'__import__'}\"",
        "msg = f\"{d['exec']}\"",
        "msg = rf'\\{value} eval'",
        "line = 'a' \\\n    'import os'",
        "def f():\n    \"\"\"Calls eval? No: it documents __globals__.\"\"\"\n    return 1",

        // ordinary code that uses look-alike names
        "import json\nprint(json.dumps({'a': 1}))",
        "import math, re, collections\nprint(math.pi)",
        "from collections import OrderedDict as OD\nOD()",
        "from __future__ import annotations",
        "from . import helpers\nfrom .models import User",
        "model.eval()\nmodel.train()",
        "import platform\nprint(platform.system())",
        "result = calculator.exec(plan)",
        "obj.open = True",
        "def run(eval=False, open=None):\n    return 1",
        "f(eval=True, exec=False)",
        "class Widget:\n    def compile(self):\n        return self.__class__.__name__",
        "print(type(x).__name__, x.__dict__)",
        "self.__dict__[key] = value\nstate = obj.__dict__['name']",
        "value = getattr(obj, 'name', None)",
        "setattr(obj, 'count', 1)",
        "hasattr(obj, 'x')",
        "values = vars(args)",
        "def gen():\n    yield from range(3)",
        "try:\n    pass\nexcept ValueError as err:\n    raise RuntimeError('x') from err",
        "x = 0x1f if flag else 1_000",
        "async def main():\n    await task",
        "match command:\n    case 'open':\n        pass",
        "lambda x: x.evaluate()",
        "print(*items, sep=', ')",
        "data = {'eval': 1, 'exec': 2}",
        "import dataclasses\n@dataclasses.dataclass\nclass P:\n    x: int = 0",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Harmless_code_and_mentions_in_literals_are_not_reported(string code)
    {
        var findings = Validate.Code(code);

        Assert.True(findings.Count == 0, $"expected no finding for:\n{code}\nfound:\n{Validate.Describe(findings)}");
    }
}
