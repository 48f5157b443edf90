using Sandbox.Abstractions;

namespace Sandbox.Executors.Host.Tests;

/// <summary>What the namespace sandbox actually enforces, observed from inside it.</summary>
public sealed class NamespaceIsolationTests
{
    private readonly HostRuns _runs;

    public NamespaceIsolationTests()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        _runs = new HostRuns(HostExecutors.Strongest);
    }

    [Fact]
    public async Task Without_network_only_loopback_exists_and_connections_fail()
    {
        var result = await _runs.RunAsync(_runs.Request("python3", "-c",
            "import socket\nprint(sorted(n for _, n in socket.if_nameindex()))\n" +
            "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('connected')\nexcept OSError as e:\n    print('refused', e.errno)"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("['lo']\nrefused", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_host_network_the_hosts_interfaces_are_visible()
    {
        var result = await _runs.RunShellAsync("cat /proc/net/dev", r => r with { Network = NetworkPolicy.Host });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(File.ReadAllLines("/proc/net/dev").Skip(2).First(l => !l.Trim().StartsWith("lo:", StringComparison.Ordinal)).Split(':')[0].Trim(), result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bridge_network_is_refused_because_only_the_host_network_can_be_shared()
    {
        var request = _runs.Shell("true") with { Network = NetworkPolicy.Bridge };

        var refusal = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => _runs.Executor.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(SandboxFeatures.NetworkAccess, refusal.Missing);
        Assert.Contains("network: host", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_egress_allow_list_is_refused_because_the_host_executor_cannot_fence_it_yet()
    {
        var request = _runs.Shell("true") with { Egress = EgressPolicy.Parse(["pypi.org"], null) };

        var refusal = await Assert.ThrowsAsync<CapabilityNotSupportedException>(() => _runs.Executor.ExecuteAsync(request with { AllowWeakerIsolation = true }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.CapabilityUnsupported, refusal.Kind);
        Assert.Equal(SandboxFeatures.EgressAllowList, refusal.Missing);
    }

    [Fact]
    public async Task The_root_is_read_only_and_tmp_is_a_private_noexec_size_capped_tmpfs()
    {
        var result = await _runs.RunShellAsync(
            "touch /usr/probe 2>/dev/null && echo usr-writable; touch /probe 2>/dev/null && echo root-writable; " +
            "echo data > /tmp/file && cp /bin/true /tmp/true && /tmp/true 2>/dev/null; echo exec=$?; grep ' /tmp ' /proc/mounts",
            r => r with { Limits = r.Limits with { TmpfsBytes = 8L * 1024 * 1024 } });

        Assert.DoesNotContain("writable", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("exec=126", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("sandbox-tmp /tmp tmpfs rw,nosuid,nodev,noexec,relatime,size=8192k", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_paths_outside_the_system_paths_are_hidden()
    {
        var result = await _runs.RunShellAsync("for p in /root /home /work /var /run /tmp/sandbox-host-0 /sys/fs/cgroup; do test -e $p && echo visible $p; done; echo checked");

        Assert.Equal("checked\n", result.Stdout);
    }

    public static TheoryData<bool> UserNamespaces => [true, false];

    [Theory]
    [MemberData(nameof(UserNamespaces))]
    public async Task The_workload_runs_as_nobody_without_capabilities_with_no_new_privs_and_seccomp(bool userNamespace)
    {
        var runs = userNamespace ? _runs : new HostRuns(HostExecutors.RootBubblewrap);

        var result = await runs.RunShellAsync("id -u; id -g; id -G; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status");

        Assert.Equal("65534\n65534\n65534\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n", result.Stdout);
    }

    [Fact]
    public async Task A_root_workload_is_root_only_inside_its_user_namespace()
    {
        var result = await _runs.RunShellAsync("id -u; grep -E '^CapEff:' /proc/self/status; cat /etc/shadow > /dev/null 2>&1 && echo shadow-readable",
            r => r with { Security = r.Security with { User = "0" }, Limits = r.Limits with { Pids = null } });

        Assert.Equal("0\nCapEff:\t0000000000000000\n", result.Stdout);
    }

    [Fact]
    public async Task Seccomp_refuses_new_namespaces_and_mounts()
    {
        var result = await _runs.RunShellAsync(
            "unshare --user true 2>/dev/null || echo unshare-refused; " +
            "python3 -c \"import ctypes; print('mount', ctypes.CDLL(None).syscall(165, 0, 0, 0, 0, 0), ctypes.get_errno())\"");

        Assert.Contains("unshare-refused", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("mount -1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pid_namespace_hides_host_processes()
    {
        var result = await _runs.RunShellAsync("ls /proc | grep -c '^[0-9]'");

        Assert.True(int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture) < 10, $"{result.Stdout.Trim()} processes visible");
    }

    [Theory]
    [InlineData("/workspace")]
    [InlineData("/tmp/job")]
    [InlineData("/srv/app/src")]
    public async Task The_working_directory_can_be_any_path_outside_the_system_paths(string workingDirectory)
    {
        var result = await _runs.RunShellAsync("pwd; echo $HOME; cat in.txt; echo out > out.txt",
            r => r with { WorkingDirectory = workingDirectory, Files = [SandboxFile.FromText("in.txt", "in")], OutputPaths = ["out.txt"] });

        Assert.Equal($"{workingDirectory}\n{workingDirectory}\nin", result.Stdout);
        Assert.Equal("out.txt", Assert.Single(result.OutputFiles).RelativePath);
    }

    [Fact]
    public async Task A_working_directory_inside_a_system_path_is_refused()
    {
        var request = _runs.Shell("true") with { WorkingDirectory = "/usr/local/job" };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _runs.Executor.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("workingDirectory", error.Field);
    }

    [Fact]
    public async Task Host_mounts_are_bound_read_only_unless_asked_otherwise()
    {
        var dir = Directory.CreateTempSubdirectory("host-mount-test-");
        try
        {
            // The workload is nobody on the host: the mounted directory must be readable by others.
            dir.UnixFileMode = (UnixFileMode)0x1ED;
            File.WriteAllText(Path.Join(dir.FullName, "shared.txt"), "shared");
            var result = await _runs.RunShellAsync("cat /data/shared.txt; echo x > /data/new.txt 2>/dev/null || echo read-only",
                r => r with { Mounts = [new HostMount(dir.FullName, "/data")] });

            Assert.Equal("sharedread-only\n", result.Stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
