using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy;

/// <summary>Collects the policy validator's findings, all errors.</summary>
internal sealed class FindingList
{
    public List<ValidationFinding> Findings { get; } = [];

    /// <summary>Adds a POL finding.</summary>
    public void Add(PolicyRule rule, string message) =>
        Findings.Add(new ValidationFinding(rule.Id, FindingSeverity.Error, message) { Validator = PolicyValidator.ValidatorName });

    /// <summary>Adds an SBX finding of the unsafe-settings inspector as an error, saying why the policy forbids it.</summary>
    public void Escalate(ValidationFinding finding, string why) =>
        Findings.Add(finding with { Severity = FindingSeverity.Error, Message = $"{finding.Message}; {why}", Validator = PolicyValidator.ValidatorName });
}
