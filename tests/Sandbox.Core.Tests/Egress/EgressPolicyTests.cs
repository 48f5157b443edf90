using Sandbox.Abstractions;
using Sandbox.Core.Configuration;

namespace Sandbox.Core.Tests.Egress;

public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("pypi.org", "pypi.org", null)]
    [InlineData(" PyPI.org ", "pypi.org", null)]
    [InlineData("files.pythonhosted.org:443", "files.pythonhosted.org", 443)]
    [InlineData("*.example.com", "*.example.com", null)]
    [InlineData("*.example.com:8443", "*.example.com", 8443)]
    [InlineData("10.1.2.3:8080", "10.1.2.3", 8080)]
    [InlineData("*", "*", null)]
    public void Allow_entries_parse_into_a_lower_case_host_and_an_optional_port(string text, string host, int? port)
    {
        Assert.Equal(new HostPattern(host, port), HostPattern.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://pypi.org")]
    [InlineData("pypi.org/simple")]
    [InlineData("pypi.org:0")]
    [InlineData("pypi.org:65536")]
    [InlineData("pypi.org:http")]
    [InlineData("*.10.0.0.1")]
    [InlineData("pi*.org")]
    [InlineData("-bad.org")]
    [InlineData("[::1]:443")]
    [InlineData("::1")]
    [InlineData("user@pypi.org")]
    public void Malformed_allow_entries_are_invalid_requests_naming_the_member(string text)
    {
        var error = Assert.Throws<InvalidRequestException>(() => EgressPolicy.Parse([text], null, "--allow-host"));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("--allow-host", error.Field);
    }

    [Theory]
    [InlineData("pypi.org", "pypi.org", 443, true)]
    [InlineData("pypi.org", "pypi.org", 80, true)]
    [InlineData("pypi.org", "pypi.org", 8080, false)]
    [InlineData("pypi.org", "evil-pypi.org", 443, false)]
    [InlineData("pypi.org:8080", "pypi.org", 8080, true)]
    [InlineData("pypi.org:8080", "pypi.org", 443, false)]
    [InlineData("*.example.com", "a.example.com", 443, true)]
    [InlineData("*.example.com", "a.b.example.com", 443, true)]
    [InlineData("*.example.com", "example.com", 443, false)]
    [InlineData("*.example.com", "badexample.com", 443, false)]
    [InlineData("*", "anything.net", 80, true)]
    [InlineData("pypi.org", "PYPI.ORG.", 443, true)]
    public void A_policy_permits_exactly_the_hosts_and_ports_its_entries_cover(string entry, string host, int port, bool permitted)
    {
        Assert.Equal(permitted, EgressPolicy.Parse([entry], null).Permits(host, port));
    }

    [Fact]
    public void A_secret_names_an_exact_host_a_header_and_a_variable()
    {
        var secret = EgressSecret.Parse("API.example.com:Authorization=EXAMPLE_TOKEN");

        Assert.Equal(new EgressSecret("api.example.com", "Authorization", "EXAMPLE_TOKEN"), secret);
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("api.example.com:Authorization")]
    [InlineData("*.example.com:Authorization=TOKEN")]
    [InlineData("api.example.com:Bad Header=TOKEN")]
    [InlineData("api.example.com:X-Key=NOT-A-VAR")]
    [InlineData(":X-Key=TOKEN")]
    public void Malformed_secrets_are_invalid_requests(string text)
    {
        var error = Assert.Throws<InvalidRequestException>(() => EgressPolicy.Parse(["api.example.com"], [text], secretMember: "--secret"));

        Assert.Equal("--secret", error.Field);
    }

    [Fact]
    public void An_allow_list_with_a_network_mode_other_than_none_is_refused()
    {
        var request = ExecutionRequest.For("true") with { Network = NetworkPolicy.Bridge, Egress = EgressPolicy.Parse(["pypi.org"], null) };

        var error = Assert.Throws<InvalidRequestException>(() => RequestGuard.Validate(request));

        Assert.Equal("network", error.Field);
    }

    [Fact]
    public void A_secret_for_a_host_outside_the_allow_list_is_refused()
    {
        var request = ExecutionRequest.For("true") with { Egress = EgressPolicy.Parse(["pypi.org"], ["api.example.com:X-Key=TOKEN"]) };

        var error = Assert.Throws<InvalidRequestException>(() => RequestGuard.Validate(request));

        Assert.Equal("network.secrets", error.Field);
    }

    [Fact]
    public void An_allow_list_demands_the_egress_feature_and_keeps_network_isolation()
    {
        var request = ExecutionRequest.For("true") with { Egress = EgressPolicy.Parse(["pypi.org"], null) };

        var features = request.RequiredFeatures();

        Assert.True(features.HasFlag(SandboxFeatures.EgressAllowList));
        Assert.True(features.HasFlag(SandboxFeatures.NetworkIsolation));
        Assert.False(features.HasFlag(SandboxFeatures.NetworkAccess));
    }

    [Fact]
    public void Sandbox_json_defaults_take_a_network_object_with_an_allow_list()
    {
        var config = SandboxConfigLoader.Parse("""{ "defaults": { "network": { "allow": ["pypi.org", "files.pythonhosted.org:443"] } } }""", "/etc/sandbox/sandbox.json", _ => null);

        Assert.Equal(NetworkPolicy.None, config.Defaults.Network);
        Assert.Equal([new HostPattern("pypi.org", null), new HostPattern("files.pythonhosted.org", 443)], config.Defaults.Egress.Allow);
    }

    [Fact]
    public void A_bad_allow_entry_in_sandbox_json_names_its_key()
    {
        var error = Assert.Throws<SandboxConfigurationException>(() =>
            SandboxConfigLoader.Parse("""{ "defaults": { "network": { "allow": ["https://pypi.org"] } } }""", "/etc/sandbox/sandbox.json", _ => null));

        Assert.Contains("network.allow", error.Message, StringComparison.Ordinal);
    }
}

public sealed class NetworkReportJsonTests
{
    [Fact]
    public void The_result_json_carries_allowed_and_blocked_egress_and_reads_back()
    {
        var result = new ExecutionResult
        {
            Executor = "docker",
            Network = new NetworkReport
            {
                Allowed = [new AllowedEgress("pypi.org", 443, 2, 5120)],
                Blocked = [new BlockedEgress("evil.test", 443, 1, "not allowed")],
            },
        };

        var json = Sandbox.Core.Results.ResultJson.Serialize(result);
        var back = Sandbox.Core.Results.ResultJson.FromDocument(Sandbox.Core.Results.ResultJson.Deserialize(json)!);

        Assert.Contains("\"network\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"why\": \"not allowed\"", json, StringComparison.Ordinal);
        Assert.Equal(result.Network.Allowed, back.Network!.Allowed);
        Assert.Equal(result.Network.Blocked, back.Network.Blocked);
    }

    [Fact]
    public void A_run_without_an_allow_list_has_no_network_member()
    {
        Assert.DoesNotContain("\"network\"", Sandbox.Core.Results.ResultJson.Serialize(new ExecutionResult()), StringComparison.Ordinal);
    }
}
