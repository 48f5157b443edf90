using System.Globalization;

namespace Sandbox.Build.Diagnostics;

/// <summary>Whether a task diagnostic fails the build.</summary>
internal enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One diagnostic the task reports with its own <c>SBXBnnn</c> code (see <see cref="BuildDiagnostics"/>).</summary>
/// <param name="Code">Stable code, e.g. <c>SBXB001</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="MessageFormat">Composite format of the message; says what happened and what to do.</param>
internal sealed record BuildDiagnostic(string Code, DiagnosticSeverity Severity, string MessageFormat)
{
    /// <summary>The section of docs/msbuild.md that explains the code.</summary>
    public string HelpLink => BuildDiagnostics.HelpBaseUri + Code.ToLowerInvariant();

    /// <summary>The message with its placeholders filled in.</summary>
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
