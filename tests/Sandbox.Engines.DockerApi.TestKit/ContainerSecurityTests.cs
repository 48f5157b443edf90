using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>The secure defaults hold inside the container, not just in the configuration.</summary>
public abstract class ContainerSecurityTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_root_filesystem_is_read_only()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("sh", "-c", "touch /written-to-root"), Ct);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Read-only file system", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_working_directory_is_writable_and_owned_by_the_user()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("sh", "-c", "echo ok > note && cat note && stat -c '%u' . && grep ' /workspace ' /proc/mounts | cut -d' ' -f3"), Ct);

        Assert.Equal("ok\n65534\ntmpfs\n", result.Stdout);
    }

    [Theory]
    [InlineData("nobody", false)]
    [InlineData("nobody", true)]
    [InlineData("1000:1000", true)]
    public async Task Any_user_can_write_its_working_directory_with_or_without_input_files(string user, bool withFiles)
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("sh", "-c", "echo ok > note && cat note && id -u") with
        {
            Security = SecurityProfile.Default with { User = user },
            Files = withFiles ? [SandboxFile.FromText("sub/in.txt", "x")] : [],
        };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal($"ok\n{(user == "nobody" ? "65534" : "1000")}\n", result.Stdout);
    }

    [Fact]
    public async Task A_writable_root_is_rendered_only_when_requested_and_files_still_arrive()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        // /var/tmp is world-writable in the image, so only the read-only mount stops a write there.
        var request = TestEngine<TTarget>.Request("sh", "-c", "cat in.txt && touch /var/tmp/written && echo root-writable") with
        {
            Security = SecurityProfile.Default with { ReadOnlyRootFilesystem = false },
            Files = [SandboxFile.FromText("in.txt", "in\n")],
        };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.Equal("in\nroot-writable\n", result.Stdout);
    }

    [Fact]
    public async Task Network_egress_fails()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const string probe = """
            import socket
            try:
                socket.create_connection(('1.1.1.1', 53), timeout=3)
                print('connected')
            except OSError as e:
                print('blocked', e.errno)
            print(sorted(i[1] for i in socket.if_nameindex()))
            """;

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("python3", "-c", probe), Ct);

        Assert.StartsWith("blocked", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("['lo']\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_does_not_run_as_root()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("id", "-u"), Ct);

        Assert.Equal("65534\n", result.Stdout);
    }

    [Fact]
    public async Task Every_capability_is_dropped_and_no_new_privileges_is_set()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(TestEngine<TTarget>.Request("grep", "-E", "^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):", "/proc/self/status"), Ct);

        var status = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal("0000000000000000", status["CapEff"]);
        Assert.Equal("0000000000000000", status["CapPrm"]);
        Assert.Equal("0000000000000000", status["CapBnd"]);
        Assert.Equal("1", status["NoNewPrivs"]);
        Assert.Equal("2", status["Seccomp"]); // 2 = filter mode: the engine's default profile applies.
    }

    [Fact]
    public async Task A_custom_seccomp_profile_is_applied()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var profile = Path.Combine(Path.GetTempPath(), $"seccomp-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(profile, """
            {"defaultAction": "SCMP_ACT_ALLOW",
             "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
            """, Ct);
        try
        {
            var request = TestEngine<TTarget>.Request("sh", "-c", "mkdir /tmp/blocked && echo made || echo denied")
                with { Security = SecurityProfile.Default with { Seccomp = SeccompMode.Custom, SeccompProfilePath = profile } };

            var result = await executor.ExecuteAsync(request, Ct);

            Assert.Equal("denied\n", result.Stdout);
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [Fact]
    public async Task Collection_refuses_links_that_escape_and_keeps_those_that_stay_inside()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        const string script = "mkdir -p out && echo good > out/good.txt && ln -s /etc/passwd out/absolute && ln -s ../../etc/passwd out/climbing && ln -s good.txt out/inside";
        var request = TestEngine<TTarget>.Request("sh", "-c", script) with { OutputPaths = ["out"] };

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal(["out/good.txt", "out/inside"], result.OutputFiles.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.All(result.OutputFiles, f => Assert.Equal("good\n", System.Text.Encoding.UTF8.GetString(f.Content.Span)));
        Assert.Contains(result.Warnings, w => w.Contains("out/absolute", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("out/climbing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/workspace/../etc")]
    public async Task Output_paths_that_climb_are_refused_before_any_container_exists(string path)
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = TestEngine<TTarget>.Request("true") with { OutputPaths = [path] };

        await Assert.ThrowsAsync<InvalidRequestException>(() => executor.ExecuteAsync(request, Ct));

        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.RequestId, request.Id!));
    }
}
