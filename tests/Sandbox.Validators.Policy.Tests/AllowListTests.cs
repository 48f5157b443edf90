using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy.Tests;

public sealed class AllowListTests
{
    [Theory]
    [InlineData("sandbox/python:3.11-bookworm", "sandbox/*", true)]
    [InlineData("sandbox/tools/python:3.11", "sandbox/*", false)]
    [InlineData("sandbox/tools/python:3.11", "sandbox/**", true)]
    [InlineData("python:3.11", "python", true)]
    [InlineData("python", "python", true)]
    [InlineData("python@sha256:abc", "python", true)]
    [InlineData("python", "python:3.*", false)]
    [InlineData("python:3.12-slim", "python:3.*", true)]
    [InlineData("python:2.7", "python:3.*", false)]
    [InlineData("pythonista:1", "python", false)]
    [InlineData("evil/sandbox/python:1", "sandbox/*", false)]
    [InlineData("localhost:5000/sandbox/python:1", "localhost:5000/sandbox/*", true)]
    [InlineData("node:18", "python:3.?", false)]
    public async Task Images_must_match_an_allowed_pattern(string image, string pattern, bool allowed)
    {
        var findings = await Policy.Check(Policy.Secure with { Image = image }, $$"""{ "allowImages": ["{{pattern}}"] }""");

        Assert.Equal(allowed, findings.Count == 0);
        if (!allowed) Assert.Equal(("POL0003", $"image '{image}' is not allowed; the policy allows only '{pattern}' (allowImages)"), (findings[0].RuleId, findings[0].Message));
    }

    [Fact]
    public async Task Without_an_image_allow_list_any_image_and_no_image_pass()
    {
        Assert.Empty(await Policy.Check(Policy.Secure with { Image = "anything:latest" }));
        Assert.Empty(await Policy.Check(Policy.Secure with { Image = null }, """{ "allowImages": ["sandbox/*"] }""", executor: "host"));
    }

    [Fact]
    public async Task Host_mounts_are_forbidden_by_default()
    {
        var request = Policy.Secure with { Mounts = [new HostMount("/srv/data", "/data")] };

        var finding = Assert.Single(await Policy.Check(request));

        Assert.Equal(("POL0004", "mounts[0] mounts host path /srv/data; the policy allows no host mounts (allowMounts)"), (finding.RuleId, finding.Message));
    }

    [Fact]
    public async Task Read_only_mounts_below_an_allowed_path_pass()
    {
        var request = Policy.Secure with { Mounts = [new HostMount("/srv/data", "/data"), new HostMount("/srv/data/sets/a/", "/a")] };

        Assert.Empty(await Policy.Check(request, """{ "allowMounts": ["/srv/data"] }"""));
    }

    [Theory]
    [InlineData("/srv/data/../../etc")]
    [InlineData("/srv/database")]
    [InlineData("/srv")]
    [InlineData("//etc")]
    public async Task Mounts_outside_the_allowed_paths_are_reported_however_they_are_spelled(string hostPath)
    {
        var request = Policy.Secure with { Mounts = [new HostMount(hostPath, "/data")] };

        var finding = Assert.Single(await Policy.Check(request, """{ "allowMounts": ["/srv/data"] }"""));

        Assert.Equal("POL0004", finding.RuleId);
    }

    [Fact]
    public async Task A_symlink_below_an_allowed_path_that_leads_outside_is_reported()
    {
        var root = Directory.CreateTempSubdirectory("policy-mounts-");
        try
        {
            var allowed = Directory.CreateDirectory(Path.Combine(root.FullName, "allowed"));
            var outside = Directory.CreateDirectory(Path.Combine(root.FullName, "outside"));
            File.CreateSymbolicLink(Path.Combine(allowed.FullName, "escape"), outside.FullName);
            var request = Policy.Secure with { Mounts = [new HostMount(Path.Combine(allowed.FullName, "escape"), "/data")] };

            var finding = Assert.Single(await Policy.Check(request, $$"""{ "allowMounts": ["{{allowed.FullName}}"] }"""));

            Assert.Equal("POL0004", finding.RuleId);
            Assert.Contains($"resolves to {outside.FullName}", finding.Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Writable_mounts_are_an_sbx_error_even_below_an_allowed_path()
    {
        var request = Policy.Secure with { Mounts = [new HostMount("/srv/data", "/data", ReadOnly: false)] };

        var finding = Assert.Single(await Policy.Check(request, """{ "allowMounts": ["/srv/data"] }"""));

        Assert.Equal(("SBX0011", FindingSeverity.Error), (finding.RuleId, finding.Severity));
        Assert.EndsWith("the policy allows host mounts only read-only", finding.Message);
    }

    [Theory]
    [InlineData("/var/run/docker.sock")]
    [InlineData("/run/podman/podman.sock")]
    [InlineData("/home/user/.docker/run/docker.sock")]
    public async Task The_engine_socket_is_never_allowed(string socket)
    {
        var request = Policy.Secure with { Mounts = [new HostMount(socket, "/var/run/docker.sock")] };

        var finding = Assert.Single(await Policy.Check(request, """{ "allowMounts": ["/"] }"""));

        Assert.Equal(("SBX0012", FindingSeverity.Error, "policy"), (finding.RuleId, finding.Severity, finding.Validator));
    }

    [Fact]
    public async Task Executors_can_be_restricted()
    {
        const string settings = """{ "allowExecutors": ["docker", "podman"] }""";

        Assert.Empty(await Policy.Check(Policy.Secure, settings, executor: "Docker"));
        var finding = Assert.Single(await Policy.Check(Policy.Secure, settings, executor: "host"));
        Assert.Equal(("POL0005", "executor 'host' is not allowed; the policy allows only 'docker', 'podman' (allowExecutors)"), (finding.RuleId, finding.Message));
    }
}
