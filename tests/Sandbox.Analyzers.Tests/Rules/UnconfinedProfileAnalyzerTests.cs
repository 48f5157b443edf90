using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class UnconfinedProfileAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<UnconfinedProfileAnalyzer>();

    [Fact]
    public Task Unconfined_seccomp_and_AppArmor_are_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile
                    {
                        [|Seccomp = SeccompMode.Unconfined|],
                        [|AppArmorProfile = "Unconfined"|],
                    };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Default_and_custom_profiles_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile
                    {
                        Seccomp = SeccompMode.Custom,
                        SeccompProfilePath = "/etc/sandbox/seccomp.json",
                        AppArmorProfile = "docker-default",
                    };
                }
                """)
            .ValidateAsync();
}
