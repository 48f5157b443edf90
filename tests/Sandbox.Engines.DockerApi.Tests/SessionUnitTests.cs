using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Sessions;

namespace Sandbox.Engines.DockerApi.Tests;

/// <summary>Engine-free parts of sessions: expiry labels, the wrapper's prologue, command checks.</summary>
public sealed class SessionUnitTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_detached_session_is_an_orphan_only_after_its_expiry_whatever_its_owner()
    {
        var labels = SandboxLabels.For("docker", ProcessIdentity.Current, null, "abc", Created, expiresAt: Created.AddMinutes(30));

        Assert.False(OrphanSweeper.IsOrphan(labels, Created.AddMinutes(29)));
        Assert.True(OrphanSweeper.IsOrphan(labels, Created.AddMinutes(31)));
        Assert.Equal("2026-01-01T12:30:00.0000000Z", labels[SandboxLabels.ExpiresAt]);
    }

    [Fact]
    public void A_malformed_expiry_counts_as_expired()
    {
        var labels = SandboxLabels.For("docker", ProcessIdentity.Current, null, "abc", Created);
        labels[SandboxLabels.ExpiresAt] = "soon";

        Assert.True(OrphanSweeper.IsOrphan(labels, Created));
    }

    [Fact]
    public void An_owned_session_follows_its_owner()
    {
        var labels = SandboxLabels.For("docker", ProcessIdentity.Current, null, "abc", Created);

        Assert.False(OrphanSweeper.IsOrphan(labels, Created.AddYears(1)));
        Assert.False(labels.ContainsKey(SandboxLabels.ExpiresAt));
    }

    [Theory]
    [InlineData("\u001esandbox-exec 42 3", 42, 3L)]
    [InlineData("\u001esandbox-exec 7 -", 7, null)]
    public void The_wrapper_prologue_gives_the_pid_and_the_oom_counter(string line, int pid, long? oomKills)
    {
        Assert.Equal((pid, oomKills), SessionScripts.ParsePrologue(line));
    }

    [Theory]
    [InlineData("sandbox-exec 42 3")]
    [InlineData("\u001esandbox-exec x 3")]
    [InlineData(null)]
    public void Anything_else_is_not_a_prologue(string? line)
    {
        Assert.Null(SessionScripts.ParsePrologue(line));
    }

    [Fact]
    public void A_detached_session_idles_only_for_its_time_to_live()
    {
        Assert.Equal(["sleep", "90"], SessionScripts.InitCommand(TimeSpan.FromSeconds(89.2)));
        Assert.Equal(["sleep", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)], SessionScripts.InitCommand(null));
    }

    [Theory]
    [InlineData(new string[0], "command")]
    [InlineData(new[] { "a\0b" }, "command")]
    public void Malformed_commands_are_refused(string[] argv, string field)
    {
        Assert.Equal(field, Assert.Throws<InvalidRequestException>(() => SessionExec.Validate(SessionCommand.For(argv), ExecutionRequest.For("x"))).Field);
    }

    [Fact]
    public void A_working_directory_that_climbs_is_refused_and_a_relative_one_resolves_in_the_session()
    {
        var spec = ExecutionRequest.For("x");

        Assert.Throws<InvalidRequestException>(() => SessionExec.Validate(SessionCommand.For("ls") with { WorkingDirectory = "../etc" }, spec));
        Assert.Equal("/workspace/src", SessionExec.Validate(SessionCommand.For("ls") with { WorkingDirectory = "src" }, spec).WorkingDirectory);
    }
}
