using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy;

/// <summary>
/// The <c>policy</c> validator: checks a request against an operator's policy — limit ceilings, image and host-mount
/// allow-lists, network, capabilities, root and privileged mode — before any sandbox exists. Every finding is an error.
/// Rules are the SBX ids where the finding is one of the unsafe settings, and <see cref="PolicyRules"/> otherwise.
/// </summary>
/// <remarks>
/// A policy is an operator's decision, so the validator is inactive until one is configured (a <c>validators.policy</c>
/// section in <c>sandbox.json</c>): without it, a caller's explicit choices (<c>--network bridge</c>,
/// <c>--allow-weaker-isolation</c>) stay possible and are reported as SBX warnings only.
/// </remarks>
public sealed class PolicyValidator : IValidator
{
    /// <summary>The validator's name in configuration and findings.</summary>
    public const string ValidatorName = "policy";

    private readonly CompiledPolicy? _policy;

    /// <summary>Creates the validator from its plugin settings.</summary>
    /// <exception cref="InvalidOperationException">The settings are malformed; the message names every problem.</exception>
    public PolicyValidator(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configured = context.Settings.ValueKind is not (System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null);
        _policy = configured ? new CompiledPolicy(context.GetSettings<PolicyValidatorSettings>()) : null;
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (_policy is null) return Task.FromResult<IReadOnlyList<ValidationFinding>>([]);
        var findings = new FindingList();
        AllowLists.Check(context, _policy, findings);
        LimitCeilings.Check(context.Request.Limits, _policy, findings);
        SandboxSettings.Check(context.Request, _policy, findings);
        return Task.FromResult<IReadOnlyList<ValidationFinding>>(findings.Findings);
    }
}
