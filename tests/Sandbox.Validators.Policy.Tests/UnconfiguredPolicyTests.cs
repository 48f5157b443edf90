using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy.Tests;

public sealed class UnconfiguredPolicyTests
{
    [Fact]
    public async Task Without_a_policy_section_the_validator_enforces_nothing()
    {
        var request = Policy.Secure with { Network = NetworkPolicy.Bridge, AllowWeakerIsolation = true, Mounts = [new HostMount("/srv", "/srv")] };

        var findings = await Policy.Check(request, settingsJson: null);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task An_empty_policy_section_applies_the_policy_defaults()
    {
        var findings = await Policy.Check(Policy.Secure with { Network = NetworkPolicy.Bridge }, settingsJson: "{}");

        Assert.Contains(findings, f => f.RuleId == "SBX0002" && f.Severity == FindingSeverity.Error);
    }
}
