using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class NetworkAccessAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<NetworkAccessAnalyzer>();

    [Fact]
    public Task Bridge_network_in_a_with_expression_is_SBX0002() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest Open(ExecutionRequest request) => request with { {|SBX0002:Network = NetworkPolicy.Bridge|} };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Host_network_in_an_object_initializer_is_SBX0003() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest Open() => new ExecutionRequest { {|SBX0003:Network = NetworkPolicy.Host|} };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_network_constant_and_a_cast_are_read_through() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    const NetworkPolicy Shared = NetworkPolicy.Host;

                    ExecutionRequest A() => new ExecutionRequest { {|SBX0003:Network = Shared|} };
                    ExecutionRequest B() => new ExecutionRequest { {|SBX0002:Network = (NetworkPolicy)1|} };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task No_network_is_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    ExecutionRequest Closed(NetworkPolicy unknown) => new ExecutionRequest { Network = NetworkPolicy.None } with { Network = unknown };
                }
                """)
            .ValidateAsync();
}
