using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy.Tests;

public sealed class CeilingTests
{
    private const string Ceilings = """
        { "ceilings": { "memory": "1g", "cpus": 2, "pids": 256, "timeout": "5m", "tmpfs": "128MiB", "output": "4m",
                        "collectedFiles": "128m", "openFiles": 2048 } }
        """;

    public static TheoryData<string, string> AboveCeiling => new()
    {
        { "memory", "limits.memory is 2 GiB, above the policy ceiling of 1 GiB" },
        { "cpus", "limits.cpus is 2.5, above the policy ceiling of 2" },
        { "pids", "limits.pids is 1000, above the policy ceiling of 256" },
        { "timeout", "limits.timeout is 10 min, above the policy ceiling of 5 min" },
        { "tmpfs", "limits.tmpfs is 256 MiB, above the policy ceiling of 128 MiB" },
        { "output", "limits.output is 8 MiB, above the policy ceiling of 4 MiB" },
        { "collectedFiles", "limits.collectedFiles is 256 MiB, above the policy ceiling of 128 MiB" },
        { "openFiles", "limits.openFiles is 4096, above the policy ceiling of 2048" },
    };

    [Theory]
    [MemberData(nameof(AboveCeiling))]
    public async Task Each_limit_above_its_ceiling_is_reported_with_setting_value_and_ceiling(string limit, string message)
    {
        var request = Policy.WithLimits(l => limit switch
        {
            "memory" => l with { MemoryBytes = 2L << 30 },
            "cpus" => l with { Cpus = 2.5 },
            "pids" => l with { Pids = 1000 },
            "timeout" => l with { Timeout = TimeSpan.FromMinutes(10) },
            "tmpfs" => l with { TmpfsBytes = 256L << 20 },
            "output" => l with { OutputBytes = 8L << 20 },
            "collectedFiles" => l with { CollectedFilesBytes = 256L << 20 },
            _ => l with { OpenFiles = 4096 },
        });

        var findings = await Policy.Check(request, Ceilings);

        var finding = Assert.Single(findings);
        Assert.Equal(("POL0001", FindingSeverity.Error, "policy", message), (finding.RuleId, finding.Severity, finding.Validator, finding.Message));
    }

    [Fact]
    public async Task A_file_size_limit_above_its_ceiling_is_reported()
    {
        var request = Policy.WithLimits(l => l with { FileSizeBytes = 20L << 20 });

        var finding = Assert.Single(await Policy.Check(request, """{ "ceilings": { "fileSize": "10m" } }"""));

        Assert.Equal(("POL0001", "limits.fileSize is 20 MiB, above the policy ceiling of 10 MiB"), (finding.RuleId, finding.Message));
    }

    [Fact]
    public async Task Limits_at_or_below_their_ceilings_pass()
    {
        var request = Policy.WithLimits(l => l with { MemoryBytes = 1L << 30, Cpus = 2, Pids = 256, Timeout = TimeSpan.FromMinutes(5), FileSizeBytes = 1 << 20 });

        Assert.Empty(await Policy.Check(request, Ceilings));
    }

    [Theory]
    [InlineData("memory", "SBX0005", "the policy ceiling is 1 GiB")]
    [InlineData("pids", "SBX0007", "the policy ceiling is 256")]
    [InlineData("timeout", "SBX0006", "the policy ceiling is 5 min")]
    public async Task A_removed_limit_under_a_ceiling_is_its_sbx_rule_as_an_error(string limit, string rule, string reason)
    {
        var request = Policy.WithLimits(l => limit switch
        {
            "memory" => l with { MemoryBytes = null },
            "pids" => l with { Pids = null },
            _ => l with { Timeout = null },
        });

        var finding = Assert.Single(await Policy.Check(request, Ceilings));

        Assert.Equal((rule, FindingSeverity.Error), (finding.RuleId, finding.Severity));
        Assert.EndsWith(reason, finding.Message);
    }

    [Fact]
    public async Task Unset_limits_without_an_sbx_rule_are_pol0002_under_a_ceiling()
    {
        var request = Policy.WithLimits(l => l with { Cpus = null, OpenFiles = null });

        var findings = await Policy.Check(request, Ceilings);

        Assert.Equal(["POL0002", "POL0002"], findings.Select(f => f.RuleId));
        Assert.Contains("limits.cpus is not set", findings[0].Message);
        Assert.Contains("limits.fileSize", (await Policy.Check(Policy.Secure, """{ "ceilings": { "fileSize": 1024 } }""")).Single().Message);
    }

    [Fact]
    public async Task Removing_a_limit_is_forbidden_without_a_ceiling_unless_permitted()
    {
        var request = Policy.WithLimits(l => l with { MemoryBytes = null, Timeout = Timeout.InfiniteTimeSpan });

        Assert.Equal(["SBX0005", "SBX0006"], (await Policy.Check(request)).Select(f => f.RuleId));
        Assert.Equal(["SBX0006"], (await Policy.Check(request, """{ "permit": ["SBX0005"] }""")).Select(f => f.RuleId));
    }

    [Theory]
    [InlineData("""{ "ceilings": { "memory": 1073741824 } }""")]
    [InlineData("""{ "ceilings": { "memory": "1GiB" } }""")]
    [InlineData("""{ "ceilings": { "memory": "1024m" } }""")]
    [InlineData("""{ "ceilings": { "memory": "0.5g", "timeout": 30 } }""")]
    [InlineData("""{ "ceilings": { "timeout": "00:00:30" } }""")]
    [InlineData("""{ "ceilings": { "timeout": "30000ms" } }""")]
    public async Task Sizes_and_durations_accept_numbers_and_unit_strings(string settings)
    {
        Assert.Empty(await Policy.Check(Policy.Secure, settings));
    }
}
