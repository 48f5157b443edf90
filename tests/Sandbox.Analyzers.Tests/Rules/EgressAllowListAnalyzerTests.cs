using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class EgressAllowListAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<EgressAllowListAnalyzer>();

    [Fact]
    public Task Each_allowed_host_is_reported_for_information_and_a_lone_star_as_SBX0020() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    const string Index = "pypi.org";

                    ExecutionRequest Request() => ExecutionRequest.For("python3") with
                    {
                        Egress = EgressPolicy.Parse([{|SBX0019:Index|}, {|SBX0019:"*.pythonhosted.org:443"|}, {|SBX0020:"*"|}], null),
                    };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Host_patterns_built_one_by_one_are_reported_too() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    HostPattern A() => HostPattern.Parse({|SBX0019:"files.pythonhosted.org:443"|});
                    HostPattern B() => new HostPattern({|SBX0020:"*"|}, 8080);
                    EgressPolicy D() => EgressPolicy.Parse(new[] { {|SBX0019:"*.example.com"|} }, null);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Entries_the_compiler_cannot_see_and_malformed_ones_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    EgressPolicy A(string host, IEnumerable<string> hosts) => EgressPolicy.Parse([host, "http://x/y"], null).Merge(EgressPolicy.Parse(hosts, null));
                    EgressPolicy B() => EgressPolicy.None;
                }
                """)
            .ValidateAsync();
}
