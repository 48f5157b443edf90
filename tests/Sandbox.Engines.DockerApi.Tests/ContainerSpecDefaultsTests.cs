using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class ContainerSpecDefaultsTests
{
    private static readonly ExecutionRequest Defaults = ExecutionRequest.For("python3", "-c", "print(1)");

    [Fact]
    public void The_command_is_the_whole_entrypoint_with_nothing_from_the_image_around_it()
    {
        var spec = Render.Spec(Defaults);

        Assert.Equal(["python3", "-c", "print(1)"], spec.Entrypoint);
        Assert.Null(spec.Cmd);
        Assert.Empty(spec.Env);
        Assert.Equal("/workspace", spec.WorkingDir);
        Assert.False(spec.Tty);
        Assert.Same(Render.Labels, spec.Labels);
    }

    [Fact]
    public void The_network_is_none()
    {
        Assert.Equal("none", Render.Host(Defaults).NetworkMode);
    }

    [Fact]
    public void The_root_filesystem_is_read_only_and_never_privileged()
    {
        var host = Render.Host(Defaults);

        Assert.True(host.ReadonlyRootfs);
        Assert.False(host.Privileged);
        Assert.Null(host.Runtime);
    }

    [Fact]
    public void Tmp_is_a_size_capped_noexec_nosuid_tmpfs()
    {
        var tmp = Render.Host(Defaults).Tmpfs["/tmp"];

        Assert.Equal("rw,noexec,nosuid,nodev,size=67108864,mode=1777", tmp);
    }

    [Fact]
    public void The_working_directory_is_a_size_capped_tmpfs_owned_by_the_user_when_nothing_must_persist()
    {
        var host = Render.Host(Defaults);

        Assert.Equal("rw,exec,nosuid,nodev,size=67108864,mode=700,uid=65534,gid=65534", host.Tmpfs["/workspace"]);
        Assert.Empty(host.Mounts);
    }

    [Fact]
    public void Every_capability_is_dropped_and_none_added()
    {
        var host = Render.Host(Defaults);

        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Empty(host.CapAdd);
    }

    [Fact]
    public void No_new_privileges_is_set_and_the_engines_default_seccomp_profile_applies()
    {
        Assert.Equal(["no-new-privileges"], Render.Host(Defaults).SecurityOpt);
    }

    [Fact]
    public void The_user_is_nobody()
    {
        Assert.Equal("65534:65534", Render.Spec(Defaults).User);
    }

    [Fact]
    public void Memory_is_limited_without_any_swap()
    {
        var host = Render.Host(Defaults);

        Assert.Equal(512L * 1024 * 1024, host.Memory);
        Assert.Equal(host.Memory, host.MemorySwap);
    }

    [Fact]
    public void Cpu_and_pids_are_limited()
    {
        var host = Render.Host(Defaults);

        Assert.Equal(1_000_000_000, host.NanoCPUs);
        Assert.Equal(128, host.PidsLimit);
    }

    [Fact]
    public void Ulimits_are_explicit_and_file_size_is_unlimited_without_volumes()
    {
        var host = Render.Host(Defaults);

        Assert.Equal(1024, Render.Ulimit(host, "nofile"));
        Assert.Equal(1024, Render.Ulimit(host, "nproc"));
        Assert.DoesNotContain(host.Ulimits, u => u.Name == "fsize");
    }

    [Fact]
    public void Output_goes_to_attach_only_never_to_a_log_driver()
    {
        var host = Render.Host(Defaults);

        Assert.Equal("none", host.LogConfig.Type);
        Assert.False(host.AutoRemove);
    }

    [Fact]
    public void Stdin_stays_closed_unless_the_request_has_input()
    {
        var without = Render.Spec(Defaults);
        var with = Render.Spec(Defaults with { StandardInput = new byte[] { 1 } });

        Assert.False(without.OpenStdin || without.AttachStdin || without.StdinOnce);
        Assert.True(with.OpenStdin && with.AttachStdin && with.StdinOnce);
    }

    [Fact]
    public void Podman_gets_the_same_limits_and_owns_the_tmpfs_its_own_way()
    {
        var host = Render.Host(Defaults, EngineDialect.Podman);

        Assert.Equal("rw,exec,nosuid,nodev,size=67108864,mode=700,U", host.Tmpfs["/workspace"]);
        Assert.Equal(1024, Render.Ulimit(host, "nofile"));
        Assert.Equal(1024, Render.Ulimit(host, "nproc"));
        Assert.Equal(Render.Host(Defaults).Memory, host.Memory);
    }
}
