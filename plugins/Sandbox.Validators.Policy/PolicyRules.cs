using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy;

/// <summary>One rule of the POL catalog.</summary>
/// <param name="Id">Stable id, e.g. <c>POL0001</c>; never renumbered.</param>
/// <param name="Title">Short title.</param>
/// <param name="Description">What the policy demands.</param>
public sealed record PolicyRule(string Id, string Title, string Description);

/// <summary>
/// The POL catalog of the <c>policy</c> validator: ceilings and allow-lists. Findings that are one of the SBX settings
/// (privileged, network, root, capabilities, mounts, ...) use the SBX ids of <see cref="Abstractions.Rules.SandboxRules"/> instead.
/// Every finding of this validator is an <see cref="FindingSeverity.Error"/>.
/// </summary>
public static class PolicyRules
{
    /// <summary>A limit above the policy's ceiling.</summary>
    public static readonly PolicyRule LimitAboveCeiling = new("POL0001", "Limit above the policy ceiling",
        "The request asks for more of a resource than the policy grants any run.");

    /// <summary>A limit left unset (unlimited or executor default) where the policy sets a ceiling and no SBX rule applies.</summary>
    public static readonly PolicyRule LimitUnbounded = new("POL0002", "Limit not set under a policy ceiling",
        "Without a value the run is unbounded (or bounded by an executor default the policy cannot see).");

    /// <summary>An image that matches none of the allowed patterns.</summary>
    public static readonly PolicyRule ImageNotAllowed = new("POL0003", "Image not allowed",
        "Only images matching the policy's patterns may run; others may carry tools or setuid binaries the policy did not vet.");

    /// <summary>A host mount outside the read-only paths the policy allows.</summary>
    public static readonly PolicyRule MountNotAllowed = new("POL0004", "Host mount not allowed",
        "Host paths may be mounted only read-only and only below a path the policy lists; by default none may.");

    /// <summary>An executor the policy does not allow.</summary>
    public static readonly PolicyRule ExecutorNotAllowed = new("POL0005", "Executor not allowed",
        "Only the listed executors may run requests, e.g. to keep untrusted code off the host executor.");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<PolicyRule> All { get; } = [LimitAboveCeiling, LimitUnbounded, ImageNotAllowed, MountNotAllowed, ExecutorNotAllowed];
}
