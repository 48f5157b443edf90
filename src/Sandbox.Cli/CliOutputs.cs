using Sandbox.Abstractions;

namespace Sandbox.Cli;

/// <summary>What <c>sandbox validate --json</c> prints.</summary>
/// <param name="Rejected">Whether any finding is an error (the run would be refused).</param>
/// <param name="Validators">The validators that looked at the code.</param>
/// <param name="Findings">What they found in the files given.</param>
internal sealed record ValidateOutput(bool Rejected, IReadOnlyList<string> Validators, IReadOnlyList<ValidationFinding> Findings);

/// <summary>What <c>sandbox validate-config --json</c> prints.</summary>
/// <param name="File">The configuration file inspected, or "(built-in defaults)".</param>
/// <param name="Findings">The SBX rules it breaks.</param>
internal sealed record ValidateConfigOutput(string File, IReadOnlyList<ValidationFinding> Findings);
