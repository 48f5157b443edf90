using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy.Tests;

public sealed class PrivilegeTests
{
    [Fact]
    public async Task A_request_with_every_secure_default_passes_the_default_policy()
    {
        Assert.Empty(await Policy.Check(Policy.Secure));
        Assert.Equal("policy", Policy.Validator().Name);
    }

    [Theory]
    [InlineData(NetworkPolicy.Bridge, "none", "SBX0002")]
    [InlineData(NetworkPolicy.Host, "none", "SBX0003")]
    [InlineData(NetworkPolicy.Host, "bridge", "SBX0003")]
    [InlineData(NetworkPolicy.Bridge, "bridge", null)]
    [InlineData(NetworkPolicy.Bridge, "Host", null)]
    [InlineData(NetworkPolicy.Host, "host", null)]
    public async Task Network_is_allowed_only_up_to_the_policy(NetworkPolicy network, string allowNetwork, string? rule)
    {
        var findings = await Policy.Check(Policy.Secure with { Network = network }, $$"""{ "allowNetwork": "{{allowNetwork}}" }""");

        Assert.Equal(rule is null ? [] : [rule], findings.Select(f => f.RuleId));
        if (rule is not null) Assert.Contains("(allowNetwork)", findings[0].Message);
    }

    [Fact]
    public async Task Privileged_is_never_allowed()
    {
        var request = Policy.WithSecurity(s => s with { Privileged = true });

        var finding = Assert.Single(await Policy.Check(request, """{ "allowRoot": true, "allowNetwork": "host", "permit": ["SBX0004", "SBX0017"] }"""));

        Assert.Equal(("SBX0001", FindingSeverity.Error), (finding.RuleId, finding.Severity));
        Assert.Equal("security.privileged runs the sandbox privileged; privileged mode is never allowed by the policy", finding.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("root")]
    [InlineData("0:0")]
    public async Task Root_is_forbidden_unless_allowed(string user)
    {
        var request = Policy.WithSecurity(s => s with { User = user });

        Assert.Equal("SBX0013", Assert.Single(await Policy.Check(request)).RuleId);
        Assert.Empty(await Policy.Check(request, """{ "allowRoot": true }"""));
    }

    [Fact]
    public async Task Added_capabilities_must_be_on_the_allow_list()
    {
        var request = Policy.WithSecurity(s => s with { AddCapabilities = ["NET_BIND_SERVICE", "cap_chown", "SYS_ADMIN"] });

        var findings = await Policy.Check(request, """{ "allowCapabilities": ["CAP_NET_BIND_SERVICE"] }""");

        Assert.Equal(["SBX0008", "SBX0009"], findings.Select(f => f.RuleId));
        Assert.Contains("(cap_chown)", findings[0].Message);
        Assert.EndsWith("the policy allows only NET_BIND_SERVICE (allowCapabilities)", findings[1].Message);
    }

    [Theory]
    [InlineData("SBX0004")]
    [InlineData("SBX0010")]
    [InlineData("SBX0016")]
    [InlineData("SBX0017")]
    [InlineData("SBX0018")]
    public async Task Other_weakenings_are_errors_unless_permitted(string rule)
    {
        var request = rule switch
        {
            "SBX0004" => Policy.WithSecurity(s => s with { ReadOnlyRootFilesystem = false }),
            "SBX0010" => Policy.WithSecurity(s => s with { Seccomp = SeccompMode.Unconfined }),
            "SBX0016" => Policy.Secure with { AllowWeakerIsolation = true },
            "SBX0017" => Policy.WithSecurity(s => s with { DropAllCapabilities = false }),
            _ => Policy.WithSecurity(s => s with { NoNewPrivileges = false }),
        };

        var finding = Assert.Single(await Policy.Check(request));
        Assert.Equal((rule, FindingSeverity.Error), (finding.RuleId, finding.Severity));
        Assert.EndsWith($"(permit {rule} to accept it)", finding.Message);
        Assert.Empty(await Policy.Check(request, $$"""{ "permit": ["{{rule.ToLowerInvariant()}}"] }"""));
    }
}
