using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>A compiler or analyzer diagnostic of a source plugin, with where it is.</summary>
/// <param name="Id">Diagnostic id, e.g. <c>CS1002</c> or <c>SBX0102</c>.</param>
/// <param name="Severity">Its effective severity (after the plugin's and the host's overrides).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Path">The source file, relative to the plugin folder; <c>null</c> when it concerns no file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record PluginDiagnostic(string Id, FindingSeverity Severity, string Message, string? Path = null, int Line = 0, int Column = 0)
{
    /// <summary>As MSBuild prints it: <c>Executor.cs(12,5): error CS1002: ; expected</c>.</summary>
    public override string ToString()
    {
        var location = Path is null ? "" : $"{Path}({Line},{Column}): ";
        return $"{location}{Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
    }
}
