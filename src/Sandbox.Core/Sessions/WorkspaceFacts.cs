using System.Text.Json;

namespace Sandbox.Core.Sessions;

/// <summary>What a session's working directory holds and which tools its image has: the input of runner detection.</summary>
/// <param name="Files">Marker files and directories found at the top of the workspace (e.g. <c>go.mod</c>, <c>tests</c>, <c>app.csproj</c>).</param>
/// <param name="Tools">Programs and modules found (e.g. <c>python3</c>, <c>pytest-module</c>, <c>pytest-cov</c>, <c>node</c>, <c>npm</c>, <c>go</c>).</param>
/// <param name="PackageJson">The workspace's <c>package.json</c>, when it has one.</param>
public sealed record WorkspaceFacts(IReadOnlySet<string> Files, IReadOnlySet<string> Tools, string? PackageJson = null)
{
    /// <summary>
    /// The probe run in the session's working directory: one <c>sh</c> script, no tool other than those it looks for.
    /// It prints <c>file:NAME</c> and <c>tool:NAME</c> lines, then <c>package.json:</c> followed by that file.
    /// </summary>
    public static IReadOnlyList<string> ProbeCommand { get; } =
    [
        "/bin/sh", "-c",
        "for f in pytest.ini pyproject.toml setup.cfg tox.ini conftest.py setup.py package.json go.mod pom.xml build.gradle build.gradle.kts gradlew "
        + "Gemfile Rakefile .rspec spec test tests Makefile *.sln *.csproj *.fsproj */*.csproj test_*.py *_test.py test.js *.test.js; do "
        + "[ -e \"$f\" ] && echo \"file:$f\"; done; "
        // One sample per language is enough to know it is there; a big repository would print every file.
        + "for g in '*.py' '*.js' '*.go' '*.rb'; do set -- $g; [ -e \"$1\" ] && echo \"file:$1\"; done; "
        + "for t in python3 node npm go mvn gradle rake rspec ruby dotnet make; do command -v \"$t\" >/dev/null 2>&1 && echo \"tool:$t\"; done; "
        + "python3 -c 'import pytest' 2>/dev/null && echo tool:pytest-module; "
        + "python3 -c 'import pytest_cov' 2>/dev/null && echo tool:pytest-cov; "
        + "[ -x node_modules/.bin/jest ] && echo tool:local-jest; "
        + "if [ -f package.json ]; then echo package.json:; cat package.json; fi; exit 0",
    ];

    /// <summary>Reads the probe's output.</summary>
    public static WorkspaceFacts Parse(string probeOutput)
    {
        ArgumentNullException.ThrowIfNull(probeOutput);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var tools = new HashSet<string>(StringComparer.Ordinal);
        var lines = probeOutput.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] == "package.json:") return new WorkspaceFacts(files, tools, string.Join('\n', lines[(i + 1)..]));
            if (lines[i].StartsWith("file:", StringComparison.Ordinal)) files.Add(lines[i][5..]);
            else if (lines[i].StartsWith("tool:", StringComparison.Ordinal)) tools.Add(lines[i][5..]);
        }

        return new WorkspaceFacts(files, tools);
    }

    /// <summary>Whether any of <paramref name="names"/> was found.</summary>
    public bool HasFile(params string[] names) => names.Any(Files.Contains);

    /// <summary>Whether a file whose name ends with <paramref name="suffix"/> was found (e.g. <c>.csproj</c>).</summary>
    public bool HasFileEnding(string suffix) => Files.Any(f => f.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>Whether the tool was found.</summary>
    public bool HasTool(string name) => Tools.Contains(name);

    /// <summary><c>scripts.&lt;name&gt;</c> of package.json, when present.</summary>
    public string? NpmScript(string name) => ReadPackageJson(root =>
        root.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object && scripts.TryGetProperty(name, out var script) && script.ValueKind == JsonValueKind.String
            ? script.GetString()
            : null);

    /// <summary>Whether package.json declares <paramref name="package"/> as a (dev) dependency or configures it at the top level.</summary>
    public bool NpmDependsOn(string package) => ReadPackageJson(root =>
        root.TryGetProperty(package, out _)
        || new[] { "dependencies", "devDependencies" }.Any(section => root.TryGetProperty(section, out var deps) && deps.ValueKind == JsonValueKind.Object && deps.TryGetProperty(package, out _))
            ? "yes"
            : null) is not null;

    private T? ReadPackageJson<T>(Func<JsonElement, T?> read) where T : class
    {
        if (PackageJson is null) return null;
        try
        {
            using var document = JsonDocument.Parse(PackageJson);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
