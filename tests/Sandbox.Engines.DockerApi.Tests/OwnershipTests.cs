using System.Diagnostics;
using System.Globalization;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class OwnershipTests
{
    private static Dictionary<string, string> LabelsOf(ProcessIdentity owner) =>
        SandboxLabels.For("docker", owner, "req-1", sessionId: null, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["team"] = "a" });

    [Fact]
    public void Labels_name_the_framework_the_owner_the_session_the_time_and_the_request()
    {
        var labels = LabelsOf(ProcessIdentity.Current);

        Assert.Equal("true", labels[SandboxLabels.Managed]);
        Assert.Equal("docker", labels[SandboxLabels.Executor]);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), labels[SandboxLabels.OwnerPid]);
        Assert.Equal(ProcessIdentity.Current.StartTime, labels[SandboxLabels.OwnerStart]);
        Assert.Equal(Environment.MachineName, labels[SandboxLabels.OwnerHost]);
        Assert.Equal("", labels[SandboxLabels.Session]);
        Assert.Equal("1970-01-01T00:00:00.0000000Z", labels[SandboxLabels.CreatedAt]);
        Assert.Equal("req-1", labels[SandboxLabels.RequestId]);
        Assert.Equal("a", labels["team"]);
        Assert.Equal(ProcessIdentity.Current, SandboxLabels.OwnerOf(labels));
    }

    [Fact]
    public void Requests_cannot_forge_the_frameworks_labels()
    {
        var forged = new Dictionary<string, string> { [SandboxLabels.OwnerPid] = "1" };

        Assert.Equal("labels", Assert.Throws<InvalidRequestException>(() => SandboxLabels.For("docker", ProcessIdentity.Current, null, null, DateTimeOffset.UtcNow, forged)).Field);
    }

    [Fact]
    public void This_process_is_alive_and_not_an_orphan_owner()
    {
        Assert.True(ProcessIdentity.Current.IsAlive());
        Assert.False(OrphanSweeper.IsOrphan(LabelsOf(ProcessIdentity.Current)));
    }

    [Fact]
    public void A_recycled_pid_with_another_start_time_is_not_the_owner()
    {
        var impostor = ProcessIdentity.Current with { StartTime = "1" };

        Assert.False(impostor.IsAlive());
        Assert.True(OrphanSweeper.IsOrphan(LabelsOf(impostor)));
    }

    [Fact]
    public async Task An_exited_process_is_not_alive()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        var identity = new ProcessIdentity(process.Id, ProcessIdentity.StartTimeOf(process.Id) ?? "gone-already");
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.False(identity.IsAlive());
    }

    [Fact]
    public void Sandboxes_of_other_hosts_and_without_an_owner_are_judged_correctly()
    {
        var otherHost = new Dictionary<string, string>(LabelsOf(ProcessIdentity.Current with { StartTime = "1" })) { [SandboxLabels.OwnerHost] = "another-machine" };

        Assert.False(OrphanSweeper.IsOrphan(otherHost));
        Assert.True(OrphanSweeper.IsOrphan(new Dictionary<string, string> { [SandboxLabels.Managed] = "true" }));
    }
}
