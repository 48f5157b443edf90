using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Validators.Python;

namespace Sandbox.Validators.Python.Tests;

/// <summary>Runs the python validator on a snippet, optionally with settings given as JSON.</summary>
internal static class Validate
{
    public static PythonValidator Validator(string? settingsJson = null) =>
        new(new PluginContext(AppContext.BaseDirectory, settingsJson is null ? default : JsonDocument.Parse(settingsJson).RootElement));

    public static IReadOnlyList<ValidationFinding> Code(string code, string? settingsJson = null) =>
        Validator(settingsJson).Validate(new SourceDocument("main.py", "python", code));

    public static IReadOnlyList<ValidationFinding> Errors(string code, string? settingsJson = null) =>
        Code(code, settingsJson).Where(f => f.Severity == FindingSeverity.Error).ToList();

    public static string Describe(IEnumerable<ValidationFinding> findings) => string.Join(Environment.NewLine, findings);
}
