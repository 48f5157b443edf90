using System.Buffers.Binary;
using Sandbox.Abstractions;
using Sandbox.Executors.Host.Cleanup;
using Sandbox.Executors.Host.Files;
using Sandbox.Executors.Host.Running;
using Sandbox.Executors.Host.Seccomp;

namespace Sandbox.Executors.Host.Tests;

/// <summary>The pure pieces: user resolution, run names, the seccomp program and the wrapper's argv.</summary>
public sealed class BuildingBlockTests
{
    [Theory]
    [InlineData("65534:65534", 65534u, 65534u)]
    [InlineData("nobody", 65534u, 65534u)]
    [InlineData("root:nogroup", 0u, 65534u)]
    [InlineData("0", 0u, 0u)]
    [InlineData("4242", 4242u, 4242u)]
    [InlineData("4242:100", 4242u, 100u)]
    public void Users_resolve_by_number_or_name(string spec, uint uid, uint gid) =>
        Assert.Equal(new SandboxUser(uid, gid), SandboxUser.Resolve(spec));

    [Theory]
    [InlineData("no-such-user-here")]
    [InlineData("1:2:3")]
    [InlineData("1:")]
    public void Unknown_or_malformed_users_are_invalid_requests(string spec) =>
        Assert.Equal("security.user", Assert.Throws<InvalidRequestException>(() => SandboxUser.Resolve(spec)).Field);

    [Fact]
    public async Task Creating_the_executor_probes_nothing_until_it_is_first_used()
    {
        var executor = new HostExecutor(PluginContext.Empty);
        Assert.False(executor.Probed);

        await executor.HealthCheckAsync(TestContext.Current.CancellationToken);

        Assert.True(executor.Probed);
    }

    [Fact]
    public void Run_names_carry_their_owner_and_parse_back()
    {
        var name = RunName.New();

        Assert.Equal(name, RunName.TryParse(name.ToString()));
        Assert.Equal(RunOwner.Current, name.Owner);
        Assert.True(name.Owner.IsAlive);
        Assert.Null(RunName.TryParse("sbx-12-x-abc"));
        Assert.Null(RunName.TryParse("probe-1-2-3"));
    }

    [Fact]
    public void The_seccomp_program_checks_the_architecture_first_and_only_jumps_forward_within_itself()
    {
        var program = SeccompFilter.Build();
        var count = program.Length / 8;

        Assert.Equal(0, program.Length % 8);
        Assert.Equal(0xC000003Eu, BinaryPrimitives.ReadUInt32LittleEndian(program.AsSpan(12))); // jeq AUDIT_ARCH_X86_64
        for (var i = 0; i < count; i++)
        {
            var code = BinaryPrimitives.ReadUInt16LittleEndian(program.AsSpan(i * 8));
            if ((code & 0x07) != 0x05) continue; // not a jump
            Assert.InRange(i + 1 + program[i * 8 + 2], i + 1, count - 1);
            Assert.InRange(i + 1 + program[i * 8 + 3], i + 1, count - 1);
        }
    }

    [Fact]
    public void Request_values_are_arguments_and_the_environment_is_set_only_after_privileges_are_dropped()
    {
        CapabilityProbingTests.RequireRootWithBubblewrap();
        var plan = HostExecutors.Strongest.Plan;
        var request = new ExecutionRequest { Command = ["echo", "$(reboot)"], Environment = new Dictionary<string, string> { ["LD_PRELOAD"] = "/workspace/evil.so" } };
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["LD_PRELOAD"] = "/workspace/evil.so" };

        var argv = SandboxCommandLine.Build(plan, new HostExecutorSettings(), request, new RunLayout("/tmp/run"), new SandboxUser(65534, 65534), ["/cg/cgroup.procs"], environment).ToList();

        var script = argv[argv.IndexOf("-c") + 1];
        Assert.DoesNotContain("reboot", script, StringComparison.Ordinal);
        Assert.DoesNotContain("/cg/", script, StringComparison.Ordinal);
        Assert.Equal(["echo", "$(reboot)"], argv.TakeLast(2));
        var env = argv.IndexOf(plan.Facts.Tools.Env!);
        Assert.True(env > argv.IndexOf(plan.Facts.Tools.Bubblewrap!) && env > argv.IndexOf(plan.Facts.Tools.Setpriv!));
        var options = plan.DefaultSignals ? 3 : 2; // env -i [--default-signal=PIPE] -- PATH=... LD_PRELOAD=...
        Assert.Equal(env + options + 2, argv.IndexOf("LD_PRELOAD=/workspace/evil.so"));
    }
}
