using Sandbox.Abstractions.Rules;

namespace Sandbox.Build.Diagnostics;

/// <summary>
/// Every code the task reports, in one place. <c>SBXB0nn</c> are errors (the step did not do its job),
/// <c>SBXB1nn</c> warnings (it did, with a caveat). Unsafe settings are not here: they use the SBX rule ids of
/// <see cref="SandboxRules"/>, the same ids the analyzers report, so one NoWarn/WarningsAsErrors policy covers both.
/// docs/msbuild.md documents each code; a test keeps the two in step.
/// </summary>
internal static class BuildDiagnostics
{
    /// <summary>Where the codes are documented (a section per code).</summary>
    public const string HelpBaseUri = "https://github.com/sandbox-framework/sandbox/blob/main/docs/msbuild.md#";

    public static readonly BuildDiagnostic NothingToRun = new("SBXB001", DiagnosticSeverity.Error,
        "Nothing to run: set Command (\"python3 gen.py\"), Arguments (one item per argument) or Template with Code.");

    public static readonly BuildDiagnostic ConflictingParameters = new("SBXB002", DiagnosticSeverity.Error,
        "{0} and {1} cannot be used together: {2}");

    public static readonly BuildDiagnostic InvalidParameter = new("SBXB003", DiagnosticSeverity.Error,
        "{0}=\"{1}\" is not valid: {2}");

    public static readonly BuildDiagnostic FileNotFound = new("SBXB004", DiagnosticSeverity.Error,
        "{0} '{1}' does not exist (resolved to {2}).");

    public static readonly BuildDiagnostic OutputDirectoryRequired = new("SBXB005", DiagnosticSeverity.Error,
        "CopyOut needs OutputDirectory to say where the collected files go, e.g. OutputDirectory=\"$(IntermediateOutputPath)sandbox\".");

    public static readonly BuildDiagnostic CliNotFound = new("SBXB006", DiagnosticSeverity.Error,
        "The sandbox CLI was not found at '{0}'. Restore the Sandbox.Build package again, or point ToolPath at a sandbox.dll.");

    public static readonly BuildDiagnostic CliDidNotStart = new("SBXB007", DiagnosticSeverity.Error,
        "Could not start the sandbox CLI with '{0}': {1}. Set DotNetHostPath to the dotnet executable.");

    public static readonly BuildDiagnostic CliFailed = new("SBXB008", DiagnosticSeverity.Error,
        "The sandbox CLI exited with code {0} without a result. {1}");

    public static readonly BuildDiagnostic ConfigCheckFailed = new("SBXB009", DiagnosticSeverity.Error,
        "Could not check the sandbox configuration '{0}' for unsafe settings: {1}");

    public static readonly BuildDiagnostic NonZeroExit = new("SBXB010", DiagnosticSeverity.Error,
        "The command `{0}` exited with code {1} (its output is above). Set FailOnNonZeroExit=\"false\" to continue anyway.");

    public static readonly BuildDiagnostic TimedOut = new("SBXB011", DiagnosticSeverity.Error,
        "The command `{0}` hit its timeout ({1}) and was killed. Raise Timeout if it needs longer.");

    public static readonly BuildDiagnostic OomKilled = new("SBXB012", DiagnosticSeverity.Error,
        "The command `{0}` was killed for exceeding its memory limit ({1}). Raise Memory if it needs more.");

    public static readonly BuildDiagnostic SandboxFailed = new("SBXB013", DiagnosticSeverity.Error,
        "The command `{0}` could not run in the sandbox ({1}): {2}");

    public static readonly BuildDiagnostic HarnessFailed = new("SBXB014", DiagnosticSeverity.Error,
        "The code in {0} failed in template '{1}': {2}: {3}");

    public static readonly BuildDiagnostic Cancelled = new("SBXB015", DiagnosticSeverity.Error,
        "The build was cancelled; the sandbox running `{0}` was stopped and removed.");

    public static readonly BuildDiagnostic WeakenedIsolation = new("SBXB101", DiagnosticSeverity.Warning,
        "The command ran on '{0}' WITHOUT: {1} (AllowWeakerIsolation).");

    public static readonly BuildDiagnostic RunWarning = new("SBXB102", DiagnosticSeverity.Warning,
        "The sandbox reported: {0}");

    public static readonly BuildDiagnostic CleanupFailed = new("SBXB103", DiagnosticSeverity.Warning,
        "Sandbox {0} could not be fully removed; run 'sandbox cleanup' to remove it.");

    public static readonly BuildDiagnostic OutputTruncated = new("SBXB104", DiagnosticSeverity.Warning,
        "The command's {0} exceeded the output limit and was truncated; raise OutputLimit to keep more.");

    /// <summary>Every task diagnostic, in code order.</summary>
    public static readonly IReadOnlyList<BuildDiagnostic> All =
    [
        NothingToRun, ConflictingParameters, InvalidParameter, FileNotFound, OutputDirectoryRequired, CliNotFound,
        CliDidNotStart, CliFailed, ConfigCheckFailed, NonZeroExit, TimedOut, OomKilled, SandboxFailed, HarnessFailed,
        Cancelled, WeakenedIsolation, RunWarning, CleanupFailed, OutputTruncated,
    ];
}
