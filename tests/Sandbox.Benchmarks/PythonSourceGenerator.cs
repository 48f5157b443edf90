using System.Text;

namespace Sandbox.Benchmarks;

/// <summary>Generates realistic, valid Python: classes, functions, docstrings, comments, f-strings, comprehensions.</summary>
internal static class PythonSourceGenerator
{
    private static readonly string[] Modules = ["json", "math", "re", "collections", "itertools", "functools", "dataclasses", "typing", "datetime", "statistics"];
    private static readonly string[] Words = ["value", "count", "items", "result", "index", "name", "total", "buffer", "record", "payload", "config", "window"];

    /// <summary>About <paramref name="bytes"/> characters of Python, the same for the same seed.</summary>
    public static string Generate(int bytes, int seed = 42)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(bytes + 4096);
        sb.AppendLine("\"\"\"Generated module used to benchmark the python validator.\"\"\"");
        foreach (var module in Modules) sb.AppendLine($"import {module}");
        sb.AppendLine("from collections import defaultdict, OrderedDict as OD");
        sb.AppendLine();
        for (var n = 0; sb.Length < bytes; n++)
        {
            var a = Words[random.Next(Words.Length)];
            var b = Words[random.Next(Words.Length)];
            sb.AppendLine($"class Processor{n}:");
            sb.AppendLine($"    \"\"\"Processes {a} and {b}; mentions eval() and import os only in prose.\"\"\"");
            sb.AppendLine();
            sb.AppendLine($"    def __init__(self, {a}, {b}=None, *args, **kwargs):");
            sb.AppendLine($"        self.{a} = {a}  # keep the {a}");
            sb.AppendLine($"        self.{b} = {b} if {b} is not None else defaultdict(list)");
            sb.AppendLine($"        self.cache = {{'key_{n}': [{n}, {n * 2}, 0x{n:x}], \"other\": ({random.NextDouble():F3}, 1e-{n % 9 + 1})}}");
            sb.AppendLine();
            sb.AppendLine($"    def compute_{a}(self, data: list[int]) -> dict[str, float]:");
            sb.AppendLine($"        total = sum(x * {random.Next(100)} for x in data if x % 3 != 0)");
            sb.AppendLine($"        pattern = re.compile(r'^(?P<{a}>\\w+)\\s*=\\s*(\\d+)$')");
            sb.AppendLine($"        label = f\"{{self.{a}!r:>{{width}}}} -> {{total / max(len(data), 1):.2f}} {{'ok' if total else 'empty'}}\"");
            sb.AppendLine($"        return {{'{a}': math.sqrt(abs(total)), \"{b}\": float(len(label)), 'n': {n}}}");
            sb.AppendLine();
            sb.AppendLine($"    async def fetch_{b}(self, keys):");
            sb.AppendLine($"        results = [await self.lookup(k) for k in keys]  # the call is local");
            sb.AppendLine($"        return json.dumps(results, indent=2, default=str)");
            sb.AppendLine();
            sb.AppendLine($"def helper_{n}({a}, {b}):");
            sb.AppendLine($"    '''Combine {a} with {b}.");
            sb.AppendLine();
            sb.AppendLine($"    >>> helper_{n}(1, 2)");
            sb.AppendLine($"    '''");
            sb.AppendLine($"    pairs = list(itertools.product(range({a} % 5), repeat=2)) \\");
            sb.AppendLine($"        + [({a}, {b})]");
            sb.AppendLine($"    return [p for p in pairs if sum(p) > {random.Next(10)}]");
            sb.AppendLine();
            sb.AppendLine();
        }

        return sb.ToString();
    }
}
