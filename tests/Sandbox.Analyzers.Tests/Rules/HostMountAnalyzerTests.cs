using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class HostMountAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<HostMountAnalyzer>();

    [Fact]
    public Task Mounting_the_engine_socket_is_SBX0012_even_read_only() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    const string Socket = "/var/run/docker.sock";

                    HostMount[] Mounts() =>
                    [
                        new HostMount({|SBX0012:Socket|}, "/var/run/docker.sock"),
                        new HostMount({|SBX0012:"/run/podman/podman.sock"|}, "/p.sock", ReadOnly: false),
                        new HostMount(SandboxPath: "/d.sock", {|SBX0012:HostPath: "/home/me/.docker/run/docker.sock"|}),
                    ];
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_writable_mount_is_SBX0011_at_the_readOnly_argument() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest Request() => new ExecutionRequest
                    {
                        Mounts = [new HostMount("/srv/data", "/data", {|SBX0011:false|}), new HostMount("/srv/in", "/in", {|SBX0011:ReadOnly: false|})],
                    };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task With_expressions_on_a_mount_are_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    HostMount A(HostMount m) => m with { {|SBX0011:ReadOnly = false|} };
                    HostMount B(HostMount m) => m with { {|SBX0012:HostPath = "/var/run/docker.sock"|} };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Read_only_mounts_of_ordinary_paths_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    HostMount[] Mounts(string path, bool readOnly) =>
                    [
                        new HostMount("/srv/data", "/data"),
                        new HostMount("/srv/data", "/data", true),
                        new HostMount(path, "/x", readOnly),
                        new HostMount("/srv/docker.sock.d", "/y"),
                    ];
                }
                """)
            .ValidateAsync();
}
