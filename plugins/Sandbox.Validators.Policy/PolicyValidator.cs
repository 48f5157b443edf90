using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy;

/// <summary>
/// The <c>policy</c> validator: checks a request against an operator's policy — limit ceilings, image and host-mount
/// allow-lists, network, capabilities, root and privileged mode — before any sandbox exists. Every finding is an error.
/// Rules are the SBX ids where the finding is one of the unsafe settings, and <see cref="PolicyRules"/> otherwise.
/// </summary>
public sealed class PolicyValidator : IValidator
{
    /// <summary>The validator's name in configuration and findings.</summary>
    public const string ValidatorName = "policy";

    private readonly CompiledPolicy _policy;

    /// <summary>Creates the validator from its plugin settings.</summary>
    /// <exception cref="InvalidOperationException">The settings are malformed; the message names every problem.</exception>
    public PolicyValidator(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _policy = new CompiledPolicy(context.GetSettings<PolicyValidatorSettings>());
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var findings = new FindingList();
        AllowLists.Check(context, _policy, findings);
        LimitCeilings.Check(context.Request.Limits, _policy, findings);
        SandboxSettings.Check(context.Request, _policy, findings);
        return Task.FromResult<IReadOnlyList<ValidationFinding>>(findings.Findings);
    }
}
