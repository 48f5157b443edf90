using Sandbox.Executors.Host.Probing;

namespace Sandbox.Executors.Host.Tests;

/// <summary>What the probes measured is kept for the next process only while nothing it depends on has changed.</summary>
public sealed class ProbeCacheTests : IDisposable
{
    private static readonly HostFacts Measured = new()
    {
        IsRoot = true,
        Tools = new HostTools("/usr/bin/sh", "/usr/bin/env", "/usr/bin/setsid", null, "/usr/bin/unshare", "/usr/bin/setpriv", "/usr/bin/prlimit"),
        Problems = new Dictionary<Mechanism, string> { [Mechanism.Bubblewrap] = "bubblewrap is not installed", [Mechanism.Seccomp] = "no filter" },
        CgroupBases = new Dictionary<string, string> { ["pids"] = Path.GetTempPath() },
        CgroupProblems = new Dictionary<string, string> { ["memory"] = "not mounted" },
    };

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sandbox-probe-cache-");
    private int _probes;

    [Fact]
    public void A_second_process_reads_the_facts_the_first_measured_instead_of_probing()
    {
        var first = HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);
        var second = HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);

        Assert.Equal(1, _probes);
        Assert.Null(first.KeptIn);
        Assert.NotNull(second.KeptIn);
        Assert.Equal(Measured.IsRoot, second.IsRoot);
        Assert.Equal(Measured.Tools, second.Tools);
        Assert.Equal(Measured.Problems, second.Problems);
        Assert.Equal(Measured.CgroupBases, second.CgroupBases);
        Assert.Equal(Measured.CgroupProblems, second.CgroupProblems);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(_root.FullName, "host-facts.json")));
    }

    [Fact]
    public void A_health_report_says_whether_its_facts_were_measured_now_or_kept_and_where()
    {
        var measured = HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);
        var file = Path.Join(_root.FullName, "host-facts.json");
        // Measured two minutes before: a slow test machine cannot move the age it reports to another whole minute.
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow - TimeSpan.FromMinutes(2));
        var kept = HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);

        Assert.Null(measured.KeptIn);
        Assert.Equal("measured by this process", Provenance(measured));
        Assert.Equal(file, kept.KeptIn);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(file)), kept.MeasuredAt);
        Assert.StartsWith("measured 2 min ago by an earlier process and kept in " + file, Provenance(kept), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_settings_are_probed_again()
    {
        HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);

        var other = HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings { UseCgroups = false }, Probe);

        Assert.Null(other.KeptIn);
        Assert.Equal(2, _probes);
    }

    [Fact]
    public void Forgotten_expired_or_writable_by_others_facts_are_probed_again()
    {
        var file = Path.Join(_root.FullName, "host-facts.json");
        HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe);

        HostFactsCache.Forget(_root.FullName);
        Assert.Null(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe).KeptIn);

        File.SetLastWriteTimeUtc(file, DateTime.UtcNow - HostFactsCache.Lifetime - TimeSpan.FromMinutes(1));
        Assert.Null(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe).KeptIn);

        File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherWrite);
        Assert.Null(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe).KeptIn);

        Assert.Equal(4, _probes);
    }

    [Fact]
    public void Facts_naming_a_cgroup_directory_that_is_gone_are_probed_again()
    {
        var cgroup = Directory.CreateDirectory(Path.Join(_root.FullName, "cgroup"));
        HostFacts WithCgroup()
        {
            _probes++;
            return Measured with { CgroupBases = new Dictionary<string, string> { ["pids"] = cgroup.FullName } };
        }

        HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), WithCgroup);
        cgroup.Delete();

        Assert.Null(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), WithCgroup).KeptIn);
        Assert.Equal(2, _probes);
    }

    [Fact]
    public void A_damaged_file_is_probed_again_and_replaced()
    {
        File.WriteAllText(Path.Join(_root.FullName, "host-facts.json"), "{ not json");

        Assert.Null(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe).KeptIn);
        Assert.NotNull(HostFactsCache.GetOrProbe(_root.FullName, new HostExecutorSettings(), Probe).KeptIn);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private string Provenance(HostFacts facts) =>
        HostHealth.Check(HostPlan.From(facts), Path.Join(_root.FullName, "runs")).Checks.Single(c => c.Name == "probes").Detail;

    private HostFacts Probe()
    {
        _probes++;
        return Measured;
    }
}
