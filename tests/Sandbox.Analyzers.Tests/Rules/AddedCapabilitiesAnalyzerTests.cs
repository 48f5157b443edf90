using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class AddedCapabilitiesAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<AddedCapabilitiesAnalyzer>();

    [Fact]
    public Task Each_added_capability_is_reported_escape_primitives_as_SBX0009() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    const string Admin = "CAP_SYS_ADMIN";

                    SecurityProfile Profile() => new SecurityProfile { AddCapabilities = [{|SBX0008:"NET_BIND_SERVICE"|}, {|SBX0009:Admin|}, {|SBX0009:"sys_ptrace"|}] };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Arrays_and_collection_initializers_are_read() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile A(SecurityProfile p) => p with { AddCapabilities = new[] { {|SBX0009:"ALL"|} } };
                    SecurityProfile B(SecurityProfile p) => p with { AddCapabilities = new List<string> { {|SBX0008:"CHOWN"|} } };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_capability_the_compiler_cannot_see_is_still_an_added_capability() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile(string capability) => new SecurityProfile { AddCapabilities = [{|SBX0008:capability|}] };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task No_added_capability_is_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile A() => new SecurityProfile { AddCapabilities = [] };
                    SecurityProfile B(IReadOnlyList<string> unknown) => new SecurityProfile { AddCapabilities = unknown };
                }
                """)
            .ValidateAsync();
}
