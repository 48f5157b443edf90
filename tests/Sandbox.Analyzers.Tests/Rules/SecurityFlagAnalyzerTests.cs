using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

/// <summary>SBX0004, SBX0017 and SBX0018: the boolean hardening flags of SecurityProfile, and their shared fix.</summary>
public sealed class SecurityFlagAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<WritableRootFilesystemAnalyzer>()
        .WithAnalyzer<CapabilitiesNotDroppedAnalyzer>()
        .WithAnalyzer<NoNewPrivilegesDisabledAnalyzer>()
        .WithCodeFixProvider<SecureFlagFixer>();

    [Fact]
    public Task Each_weakened_flag_is_reported_and_the_fix_sets_it_back_to_true() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile
                    {
                        {|SBX0004:ReadOnlyRootFilesystem = false|},
                        {|SBX0017:DropAllCapabilities = false|},
                        {|SBX0018:NoNewPrivileges = false|},
                    };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    SecurityProfile Profile() => new SecurityProfile
                    {
                        ReadOnlyRootFilesystem = true,
                        DropAllCapabilities = true,
                        NoNewPrivileges = true,
                    };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_weakened_flag_in_a_with_expression_is_reported_and_fixed() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    const bool Writable = false;

                    SecurityProfile Profile(SecurityProfile profile) => profile with { {|SBX0004:ReadOnlyRootFilesystem = Writable|} };
                }
                """)
            .ShouldFixCodeWith("""
                class C
                {
                    const bool Writable = false;

                    SecurityProfile Profile(SecurityProfile profile) => profile with { ReadOnlyRootFilesystem = true };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Secure_or_unknown_flags_are_not_reported() =>
        CreateProjectBuilder()
            .WithSourceCode("""
                class C
                {
                    SecurityProfile Profile(bool flag) => new SecurityProfile
                    {
                        ReadOnlyRootFilesystem = true,
                        DropAllCapabilities = flag,
                        NoNewPrivileges = !false,
                    };
                }
                """)
            .ValidateAsync();
}
