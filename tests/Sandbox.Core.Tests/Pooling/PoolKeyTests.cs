using Sandbox.Abstractions;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests.Pooling;

/// <summary>Which runs share warm sandboxes when they have egress allow-lists.</summary>
public sealed class PoolKeyTests
{
    private static readonly ExecutionRequest Plain = ExecutionRequest.For("true");

    [Fact]
    public void Runs_with_different_allow_lists_share_a_key_whose_sandboxes_start_with_a_pending_policy()
    {
        var pypi = PoolKey.For("docker", Plain with { Egress = EgressPolicy.Parse(["pypi.org"], null) });
        var github = PoolKey.For("docker", Plain with { Egress = EgressPolicy.Parse(["github.com:443", "*.githubusercontent.com"], null) });

        Assert.Equal(pypi, github);
        Assert.True(pypi.Spec.Egress.IsPending);
        Assert.Empty(pypi.Spec.Egress.Allow);
        Assert.False(pypi.Spec.Egress.NeedsAuthority);
        Assert.EndsWith("with an allow-list", pypi.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_secrets_gets_sandboxes_whose_proxy_can_add_them_and_never_shares_them_with_one_without()
    {
        var secret = PoolKey.For("docker", Plain with { Egress = EgressPolicy.Parse(["api.example.com"], ["api.example.com:Authorization=TOKEN"]) });
        var noSecret = PoolKey.For("docker", Plain with { Egress = EgressPolicy.Parse(["api.example.com"], null) });

        Assert.NotEqual(secret, noSecret);
        Assert.True(secret.Spec.Egress.NeedsAuthority);
        Assert.Empty(secret.Spec.Egress.Secrets);
    }

    [Fact]
    public void A_run_without_an_allow_list_never_shares_a_key_with_one()
    {
        var none = PoolKey.For("docker", Plain);
        var allowList = PoolKey.For("docker", Plain with { Egress = EgressPolicy.Parse(["pypi.org"], null) });

        Assert.NotEqual(none, allowList);
        Assert.False(none.Spec.Egress.IsActive);
    }
}
