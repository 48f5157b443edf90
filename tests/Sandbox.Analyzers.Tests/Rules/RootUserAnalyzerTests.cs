using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class RootUserAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<RootUserAnalyzer>();

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("\"root\"")]
    [InlineData("\"0:0\"")]
    [InlineData("\"root:staff\"")]
    [InlineData("Root")]
    public Task Root_users_are_reported(string user) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                class C
                {
                    const string Root = "root";

                    SecurityProfile Profile() => new SecurityProfile { [|User = {{user}}|] };
                }
                """)
            .ValidateAsync();

    [Theory]
    [InlineData("\"1000\"")]
    [InlineData("\"1000:0\"")]
    [InlineData("SecurityProfile.DefaultUser")]
    [InlineData("System.Environment.UserName")]
    public Task Non_root_or_unknown_users_are_not_reported(string user) =>
        CreateProjectBuilder()
            .WithSourceCode($$"""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile { User = {{user}} };
                }
                """)
            .ValidateAsync();
}
