using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Sandbox.Analyzers.Rules;
using Sandbox.Analyzers.Tests.Helpers;

namespace Sandbox.Analyzers.Tests.Rules;

public sealed class SandboxConfigAnalyzerTests
{
    private const string UnsafeConfig = """
        {
          // Comments and trailing commas are accepted, as by the runtime's reader.
          "defaultExecutor": "docker",
          "fallbackToHost": true,
          "validation": { "enabled": false },
          "defaults": {
            "image": "python:3.12",
            "memory": null,
            "cpus": 1.0,
            "pids": null,
            "timeout": "infinite",
            "network": "host",
            "readOnlyRootFilesystem": false,
            "privileged": true,
            "user": "root",
            "addCapabilities": ["NET_BIND_SERVICE", "SYS_ADMIN"],
            "dropAllCapabilities": false,
            "noNewPrivileges": false,
            "seccomp": "unconfined",
            "appArmorProfile": "unconfined",
            "mounts": [
              { "hostPath": "/var/run/docker.sock", "sandboxPath": "/var/run/docker.sock" },
              { "hostPath": "/srv/data", "sandboxPath": "/data", "readOnly": false },
            ],
            "allowWeakerIsolation": true,
          },
        }
        """;

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<SandboxConfigAnalyzer>().WithSourceCode("class C { }");

    private static DiagnosticResult At(DiagnosticDescriptor rule, int line, int column, int endColumn, string setting, string path = "sandbox.json") =>
        new DiagnosticResult(rule).WithSpan(path, line, column, line, endColumn).WithArguments(setting);

    [Fact]
    public Task Every_unsafe_setting_is_reported_at_its_key() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", UnsafeConfig)
            .ShouldReportDiagnostic(
                At(SandboxDiagnostics.HostFallbackEnabled, 4, 3, 19, "fallbackToHost"),
                At(SandboxDiagnostics.ValidationDisabled, 5, 19, 28, "validation.enabled"),
                At(SandboxDiagnostics.NoMemoryLimit, 8, 5, 13, "defaults.memory"),
                At(SandboxDiagnostics.NoPidsLimit, 10, 5, 11, "defaults.pids"),
                At(SandboxDiagnostics.NoTimeout, 11, 5, 14, "defaults.timeout"),
                At(SandboxDiagnostics.HostNetwork, 12, 5, 14, "defaults.network"),
                At(SandboxDiagnostics.ReadOnlyRootDisabled, 13, 5, 29, "defaults.readOnlyRootFilesystem"),
                At(SandboxDiagnostics.Privileged, 14, 5, 17, "defaults.privileged"),
                At(SandboxDiagnostics.RunsAsRoot, 15, 5, 11, "defaults.user"),
                At(SandboxDiagnostics.CapabilityAdded, 16, 25, 43, "defaults.addCapabilities[0] (NET_BIND_SERVICE)"),
                At(SandboxDiagnostics.DangerousCapabilityAdded, 16, 45, 56, "defaults.addCapabilities[1] (SYS_ADMIN)"),
                At(SandboxDiagnostics.CapabilitiesNotDropped, 17, 5, 26, "defaults.dropAllCapabilities"),
                At(SandboxDiagnostics.NoNewPrivilegesDisabled, 18, 5, 22, "defaults.noNewPrivileges"),
                At(SandboxDiagnostics.UnconfinedProfile, 19, 5, 14, "defaults.seccomp"),
                At(SandboxDiagnostics.UnconfinedProfile, 20, 5, 22, "defaults.appArmorProfile"),
                At(SandboxDiagnostics.EngineSocketMounted, 22, 9, 19, "defaults.mounts[0].hostPath (/var/run/docker.sock)"),
                At(SandboxDiagnostics.WritableHostMount, 23, 58, 68, "defaults.mounts[1].readOnly (/srv/data)"),
                At(SandboxDiagnostics.WeakerIsolationAccepted, 25, 5, 27, "defaults.allowWeakerIsolation"))
            .ValidateAsync();

    [Fact]
    public Task The_secure_defaults_are_not_reported() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", """
                {
                  "defaultExecutor": "docker",
                  "fallbackToHost": false,
                  "validation": { "enabled": true },
                  "defaults": {
                    "image": "python:3.12", "memory": "512m", "cpus": 1.0, "pids": 128, "timeout": "30s", "network": "none",
                    "tmpfsSize": "64m", "outputLimit": "1m", "readOnlyRootFilesystem": true, "privileged": false,
                    "user": "65534:65534", "addCapabilities": [], "dropAllCapabilities": true, "noNewPrivileges": true,
                    "seccomp": "default", "appArmorProfile": null, "allowWeakerIsolation": false,
                    "mounts": [{ "hostPath": "/srv/in", "sandboxPath": "/in", "readOnly": true }, { "hostPath": "/srv/ref", "sandboxPath": "/ref" }]
                  },
                  "executors": { "docker": { "privileged": true } },
                  "validators": {},
                  "pluginFolders": ["plugins"]
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Each_egress_allow_entry_is_reported_at_its_rule_and_a_lone_star_warns() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", """
                { "defaults": { "network": { "allow": ["pypi.org", "*.pythonhosted.org:443", "*", "not a host"] } } }
                """)
            .ShouldReportDiagnostic(
                At(SandboxDiagnostics.EgressAllowList, 1, 40, 50, "defaults.network.allow[0] (pypi.org)"),
                At(SandboxDiagnostics.EgressAllowList, 1, 52, 76, "defaults.network.allow[1] (*.pythonhosted.org:443, wildcard)"),
                At(SandboxDiagnostics.EgressToAnyHost, 1, 78, 81, "defaults.network.allow[2] (*)"))
            .ValidateAsync();

    [Fact]
    public Task Keys_match_case_insensitively_and_the_last_duplicate_wins_as_in_the_runtime() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", """
                {"FallbackToHost": false, "fallbackToHost": true, "Defaults": {"Network": "Bridge"}}
                """)
            .ShouldReportDiagnostic(
                At(SandboxDiagnostics.HostFallbackEnabled, 1, 27, 43, "fallbackToHost"),
                At(SandboxDiagnostics.NetworkEnabled, 1, 64, 73, "defaults.network"))
            .ValidateAsync();

    [Fact]
    public Task Environment_specific_files_are_checked_and_other_json_files_are_not() =>
        CreateProjectBuilder()
            .WithAdditionalFile("config/sandbox.Production.json", """{ "defaults": { "timeout": null } }""")
            .WithAdditionalFile("appsettings.json", """{ "defaults": { "timeout": null } }""")
            .ShouldReportDiagnostic(At(SandboxDiagnostics.NoTimeout, 1, 17, 26, "defaults.timeout", "config/sandbox.Production.json"))
            .ValidateAsync();

    [Theory]
    [InlineData("{ \"defaults\": { \"privileged\": true }")]
    [InlineData("{ \"defaults\": { \"privileged\": tru } }")]
    [InlineData("")]
    [InlineData("[true]")]
    public Task A_file_that_is_not_a_configuration_object_is_left_to_validate_config(string text) =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", text)
            .ValidateAsync();

    [Fact]
    public Task Escapes_and_block_comments_are_read_and_positions_count_them() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", """
                /* header */ { "defaults": { /* why */ "priv\u0069leged": true, "user": "r\u006F\u006ft", "note": "a \"quoted\" \\ value" } }
                """)
            .ShouldReportDiagnostic(
                At(SandboxDiagnostics.Privileged, 1, 40, 57, "defaults.privileged"),
                At(SandboxDiagnostics.RunsAsRoot, 1, 65, 71, "defaults.user"))
            .ValidateAsync();

    [Fact]
    public Task A_hostile_deeply_nested_file_is_refused_without_overflowing_the_stack() =>
        CreateProjectBuilder()
            .WithAdditionalFile("sandbox.json", "{\"defaults\": " + new string('[', 100_000) + new string(']', 100_000) + "}")
            .ValidateAsync();
}
