using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class EngineConnectionTests
{
    [Fact]
    public void The_endpoint_comes_from_settings_then_the_environment_then_the_default()
    {
        string? Env(string name) => name == "DOCKER_HOST" ? "tcp://10.0.0.5:2375" : null;

        Assert.Equal("unix:///custom.sock", EngineEndpoint.Resolve(EngineDialect.Docker, "/custom.sock", Env).ToString());
        Assert.Equal("tcp://10.0.0.5:2375/", EngineEndpoint.Resolve(EngineDialect.Docker, null, Env).ToString());
        Assert.Equal("unix:///var/run/docker.sock", EngineEndpoint.Resolve(EngineDialect.Docker, null, _ => null).ToString());
        Assert.Equal($"unix://{TestImages.PodmanSocket}", EngineEndpoint.Resolve(EngineDialect.Podman, null, Env).ToString());
        Assert.Equal("unix:///p.sock", EngineEndpoint.Resolve(EngineDialect.Podman, null, n => n == "PODMAN_HOST" ? "unix:///p.sock" : null).ToString());
    }

    [Fact]
    public void An_endpoint_that_is_not_an_engine_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => EngineEndpoint.Resolve(EngineDialect.Docker, "ftp://x", _ => null));
    }

    [Fact]
    public void Build_defaults_are_the_values_of_images_env()
    {
        Assert.Equal(TestImages.Python, BuildDefaults.PythonImage);
        Assert.Equal(TestImages.PodmanSocket, BuildDefaults.PodmanSocket);
        Assert.Equal(TestImages.DockerSocket, BuildDefaults.DockerSocket);
    }

    [Fact]
    public void An_api_error_keeps_the_engines_message_and_status()
    {
        var error = EngineErrors.Translate(new DockerApiException(HttpStatusCode.Conflict, """{"message":"container is running"}"""), "remove the container", EngineDialect.Docker, Endpoint);

        var api = Assert.IsType<EngineApiException>(error);
        Assert.Equal(409, api.StatusCode);
        Assert.Equal("container is running", api.EngineMessage);
        Assert.True(EngineErrors.IsConflict(api));
    }

    [Fact]
    public void A_refused_connection_says_how_to_start_the_engine()
    {
        var error = EngineErrors.Translate(new HttpRequestException("no", new SocketException((int)SocketError.ConnectionRefused)), "ping", EngineDialect.Podman, Endpoint);

        var unavailable = Assert.IsType<EngineUnavailableException>(error);
        Assert.Equal("podman", unavailable.Engine);
        Assert.Contains("bash build/setup.sh", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_and_framework_errors_pass_through()
    {
        Assert.Null(EngineErrors.Translate(new OperationCanceledException(), "x", EngineDialect.Docker, Endpoint));
        Assert.Null(EngineErrors.Translate(new InvalidRequestException("a", "b"), "x", EngineDialect.Docker, Endpoint));
        Assert.Equal("plain text", EngineErrors.MessageOf("plain text\n"));
    }

    [Fact]
    public void Engine_info_is_read_by_the_api_field_names()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""
            {"MemoryLimit":true,"SwapLimit":false,"PidsLimit":true,"CpuCfsQuota":true,"LiveRestoreEnabled":true,"CgroupVersion":"2",
             "SecurityOptions":["name=seccomp,profile=default","name=rootless"],"DefaultRuntime":"runc","Runtimes":{"runc":{},"crun":{}},"Unrelated":[1]}
            """);

        var info = EngineInfo.Parse(document.RootElement);

        Assert.Equal(new EngineInfo
        {
            MemoryLimit = true, PidsLimit = true, CpuCfsQuota = true, LiveRestoreEnabled = true, CgroupVersion = "2", DefaultRuntime = "runc",
            SecurityOptions = info.SecurityOptions, Runtimes = info.Runtimes,
        }, info);
        Assert.Equal(["name=seccomp,profile=default", "name=rootless"], info.SecurityOptions);
        Assert.Equal(["runc", "crun"], info.Runtimes);
        Assert.True(info.HasSecurityOption("seccomp") && info.HasSecurityOption("rootless") && !info.HasSecurityOption("apparmor"));
    }

    [Fact]
    public void Engine_info_missing_fields_mean_unsupported()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"MemoryLimit":"yes","SecurityOptions":null}""");

        var info = EngineInfo.Parse(document.RootElement);

        Assert.False(info.MemoryLimit || info.PidsLimit || info.CpuCfsQuota);
        Assert.Empty(info.SecurityOptions);
        Assert.False(EngineCapabilities.FromInfo(EngineDialect.Docker, info).Supports(SandboxFeatures.Seccomp));
    }

    [Fact]
    public void Capabilities_narrow_to_what_the_engine_reports_and_say_why()
    {
        var info = new EngineInfo { MemoryLimit = true, PidsLimit = false, CpuCfsQuota = true, SecurityOptions = ["name=apparmor"] };

        var capabilities = EngineCapabilities.FromInfo(EngineDialect.Docker, info);

        Assert.False(capabilities.Supports(SandboxFeatures.PidsLimit));
        Assert.False(capabilities.Supports(SandboxFeatures.Seccomp));
        Assert.True(capabilities.Supports(SandboxFeatures.MemoryLimit | SandboxFeatures.OomDetection));
        Assert.Contains("seccomp", capabilities.Limitations[SandboxFeatures.Seccomp], StringComparison.Ordinal);
    }

    [Fact]
    public void Podman_does_not_claim_reliable_OOM_detection()
    {
        var capabilities = EngineCapabilities.Initial(EngineDialect.Podman);

        Assert.False(capabilities.Supports(SandboxFeatures.OomDetection));
        Assert.Contains("137", capabilities.Limitations[SandboxFeatures.OomDetection], StringComparison.Ordinal);
        Assert.True(EngineCapabilities.Initial(EngineDialect.Docker).Supports(SandboxFeatures.OomDetection));
    }

    [Fact]
    public void Rootless_podman_reports_each_reason_it_cannot_work_and_the_remedy()
    {
        var blocked = RootlessProbe.Check(fileExists: _ => false, readFile: p => p.EndsWith("max_user_namespaces", StringComparison.Ordinal) ? "0" : null, isRoot: true);
        var possible = RootlessProbe.Check(fileExists: _ => true, readFile: p => p == "/etc/subuid" ? "dev:100000:65536\n" : "15000", isRoot: false);

        Assert.False(blocked.Passed);
        Assert.Contains("cgroup v1", blocked.Detail, StringComparison.Ordinal);
        Assert.Contains("uidmap", blocked.Detail, StringComparison.Ordinal);
        Assert.Contains("max_user_namespaces=0", blocked.Detail, StringComparison.Ordinal);
        Assert.Contains("/etc/subuid", blocked.Detail, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(blocked.Remedy));
        Assert.True(possible.Passed);
    }

    [Theory]
    [InlineData("65534:65534", 65534, 65534)]
    [InlineData("1000", 1000, 1000)]
    [InlineData("1000:staff", 1000, null)]
    [InlineData("sandbox", null, null)]
    public void Users_are_parsed_into_numeric_owners_when_possible(string user, int? uid, int? gid)
    {
        Assert.Equal(new WorkloadUser(uid, gid), WorkloadUser.Parse(user));
    }

    private static EngineEndpoint Endpoint => EngineEndpoint.Resolve(EngineDialect.Docker, "unix:///var/run/docker.sock");
}
