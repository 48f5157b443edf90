using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class ContainerSpecOverrideTests
{
    private static readonly ExecutionRequest Base = ExecutionRequest.For("true");

    private static ExecutionRequest WithSecurity(Func<SecurityProfile, SecurityProfile> change) => Base with { Security = change(SecurityProfile.Default) };

    private static ExecutionRequest WithLimits(Func<ResourceLimits, ResourceLimits> change) => Base with { Limits = change(ResourceLimits.Default) };

    [Theory]
    [InlineData(NetworkPolicy.Bridge, "bridge")]
    [InlineData(NetworkPolicy.Host, "host")]
    public void Network_access_is_rendered_only_when_requested(NetworkPolicy policy, string mode)
    {
        Assert.Equal(mode, Render.Host(Base with { Network = policy }).NetworkMode);
    }

    [Fact]
    public void A_writable_root_is_rendered_when_requested()
    {
        Assert.False(Render.Host(WithSecurity(s => s with { ReadOnlyRootFilesystem = false })).ReadonlyRootfs);
    }

    [Fact]
    public void Capabilities_are_kept_or_added_only_when_requested()
    {
        var kept = Render.Host(WithSecurity(s => s with { DropAllCapabilities = false }));
        var added = Render.Host(WithSecurity(s => s with { AddCapabilities = ["NET_BIND_SERVICE"] }));

        Assert.Empty(kept.CapDrop);
        Assert.Equal(["ALL"], added.CapDrop);
        Assert.Equal(["NET_BIND_SERVICE"], added.CapAdd);
    }

    [Fact]
    public void No_new_privileges_is_dropped_only_when_requested()
    {
        Assert.Empty(Render.Host(WithSecurity(s => s with { NoNewPrivileges = false })).SecurityOpt);
    }

    [Fact]
    public void User_privileged_runtime_and_apparmor_pass_through()
    {
        var request = WithSecurity(s => s with { User = "0", Privileged = true, Runtime = "runsc", AppArmorProfile = "sandbox-profile" });

        var spec = Render.Spec(request);

        Assert.Equal("0", spec.User);
        Assert.True(spec.HostConfig.Privileged);
        Assert.Equal("runsc", spec.HostConfig.Runtime);
        Assert.Contains("apparmor=sandbox-profile", spec.HostConfig.SecurityOpt);
    }

    [Fact]
    public void Seccomp_can_be_unconfined_or_a_custom_profile()
    {
        var unconfined = Render.Host(WithSecurity(s => s with { Seccomp = SeccompMode.Unconfined }));
        var custom = WithSecurity(s => s with { Seccomp = SeccompMode.Custom, SeccompProfilePath = "/etc/profile.json" });

        Assert.Contains("seccomp=unconfined", unconfined.SecurityOpt);
        Assert.Contains("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", Render.Spec(custom, seccompJson: "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}").HostConfig.SecurityOpt);
        Assert.Contains("seccomp=/etc/profile.json", Render.Spec(custom, EngineDialect.Podman, "{}").HostConfig.SecurityOpt);
    }

    [Fact]
    public void Unlimited_memory_cpu_and_pids_render_as_engine_defaults()
    {
        var host = Render.Host(WithLimits(l => l with { MemoryBytes = null, Cpus = null, Pids = null }));

        Assert.Equal(0, host.Memory);
        Assert.Equal(0, host.MemorySwap);
        Assert.Equal(0, host.NanoCPUs);
        Assert.Null(host.PidsLimit);
        Assert.Equal(1024, Render.Ulimit(host, "nproc"));
    }

    [Fact]
    public void Limits_are_rendered_in_engine_units()
    {
        var host = Render.Host(WithLimits(l => l with { MemoryBytes = 64L * 1024 * 1024, Cpus = 0.5, Pids = 5000, OpenFiles = 256, FileSizeBytes = 1024, TmpfsBytes = 1024 * 1024 }));

        Assert.Equal(64L * 1024 * 1024, host.MemorySwap);
        Assert.Equal(500_000_000, host.NanoCPUs);
        Assert.Equal(5000, host.PidsLimit);
        Assert.Equal(5000, Render.Ulimit(host, "nproc"));
        Assert.Equal(256, Render.Ulimit(host, "nofile"));
        Assert.Equal(1024, Render.Ulimit(host, "fsize"));
        Assert.StartsWith("rw,noexec,nosuid,nodev,size=1048576,", host.Tmpfs["/tmp"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_open_files_limit_takes_the_dialects_default()
    {
        Assert.Equal(1024, Render.Ulimit(Render.Host(WithLimits(l => l with { OpenFiles = null }), EngineDialect.Podman), "nofile"));
    }

    [Fact]
    public void Volumes_replace_the_tmpfs_working_directory_and_cap_every_file_at_the_tmpfs_size()
    {
        var host = Render.Host(Base with { Files = [SandboxFile.FromText("in.txt", "x")], OutputPaths = ["/results/out.txt"] });

        Assert.DoesNotContain("/workspace", host.Tmpfs.Keys);
        Assert.Equal(["/results", "/workspace"], host.Mounts.Select(m => m.Target));
        Assert.All(host.Mounts, m =>
        {
            Assert.Equal("volume", m.Type);
            Assert.Null(m.Source);
            Assert.Equal("true", m.VolumeOptions.Labels[SandboxLabels.Managed]);
        });
        Assert.Equal(64L * 1024 * 1024, Render.Ulimit(host, "fsize"));
    }

    [Fact]
    public void Host_mounts_are_bind_mounts_read_only_by_default()
    {
        var host = Render.Host(Base with { Mounts = [new HostMount("/srv/data", "/data"), new HostMount("/srv/out", "/out", ReadOnly: false)] });

        Assert.Collection(host.Mounts,
            m => Assert.True(m is { Type: "bind", Source: "/srv/data", Target: "/data", ReadOnly: true }),
            m => Assert.True(m is { Type: "bind", Source: "/srv/out", Target: "/out", ReadOnly: false }));
    }

    [Fact]
    public void Environment_variables_are_rendered_verbatim()
    {
        var spec = Render.Spec(Base with { Environment = new Dictionary<string, string> { ["A"] = "1", ["QUOTED"] = "a b=c" } });

        Assert.Equal(["A=1", "QUOTED=a b=c"], spec.Env);
    }

    [Fact]
    public void A_named_user_gets_a_volume_working_directory_on_docker_and_an_owned_tmpfs_on_podman()
    {
        var request = WithSecurity(s => s with { User = "sandbox" });

        var docker = Render.Host(request);
        var podman = Render.Host(request, EngineDialect.Podman);

        Assert.DoesNotContain("/workspace", docker.Tmpfs.Keys);
        Assert.Equal("/workspace", Assert.Single(docker.Mounts).Target);
        Assert.Equal("rw,exec,nosuid,nodev,size=67108864,mode=1777,U", podman.Tmpfs["/workspace"]);
    }
}
