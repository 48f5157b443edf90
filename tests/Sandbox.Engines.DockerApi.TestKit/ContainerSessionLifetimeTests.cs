using System.Diagnostics;
using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>Sessions are labelled, found again by any process, and never left behind: not by dispose, crash or expiry.</summary>
public abstract class ContainerSessionLifetimeTests<TTarget> where TTarget : IEngineTarget
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Executors_advertise_sessions()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        Assert.True(executor.Capabilities.Supports(SandboxFeatures.Sessions));
        Assert.IsAssignableFrom<IDetachedSessionExecutor>(executor);
    }

    [Fact]
    public async Task Disposing_a_session_leaves_no_container_and_no_volume()
    {
        var session = await TestEngine<TTarget>.SessionAsync(s => s with { Files = [SandboxFile.FromText("a.txt", "a")], OutputPaths = ["/results/x"] });
        await session.ExecAsync(SessionCommand.For("true"), Ct);
        var whileOpen = await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, session.Id);

        await session.DisposeAsync();

        Assert.Single(whileOpen);
        Assert.Equal(ProcessIdentity.Current.Pid.ToString(CultureInfo.InvariantCulture), whileOpen[0].Labels[SandboxLabels.OwnerPid]);
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, session.Id));
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.Session, session.Id));
    }

    [Fact]
    public async Task A_detached_session_is_found_by_another_executor_and_keeps_its_state()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        await using var created = await executor.CreateDetachedSessionAsync(TestEngine<TTarget>.Request("unused") with { Files = [SandboxFile.FromText("state.txt", "kept")] }, TimeSpan.FromMinutes(5), Ct);
        using var other = TTarget.Create(TestEngine<TTarget>.Settings());
        var sweep = await executor.CleanupAsync(Ct);

        var listed = await other.ListSessionsAsync(Ct);
        var opened = await other.OpenSessionAsync(created.Id, Ct);
        Assert.NotNull(opened);
        await opened.CopyInAsync([SandboxFile.FromText("more.txt", "more")], Ct);
        var result = await opened.ExecAsync(SessionCommand.For("sh", "-c", "cat state.txt more.txt"), Ct);

        var info = Assert.Single(listed, s => s.Id == created.Id);
        Assert.True(info.Running);
        Assert.NotNull(info.ExpiresAt);
        Assert.Equal("keptmore", result.Stdout);
        Assert.True(sweep.Failed == 0, string.Join("; ", sweep.Errors));
        Assert.Null(await other.OpenSessionAsync("no-such-session", Ct));
    }

    [Fact]
    public async Task A_detached_session_is_reaped_by_the_sweep_once_it_has_expired()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var session = await executor.CreateDetachedSessionAsync(TestEngine<TTarget>.Request("unused"), TimeSpan.FromSeconds(2), Ct);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);

            // Other tests sweep concurrently: whichever sweep reaps it, it must be gone after this one.
            var report = await executor.CleanupAsync(Ct);

            Assert.True(report.Failed == 0, string.Join("; ", report.Errors));
            Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.Session, session.Id));
            Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.Session, session.Id));
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_crashed_owners_session_is_reaped_by_the_next_sweep()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var app = Path.Combine(AppContext.BaseDirectory, "Sandbox.Engines.DockerApi.OrphanMaker.dll");
        var start = new ProcessStartInfo(OrphanMakerHost.Dotnet, [app, TTarget.Dialect.Name, TestImages.Python, "session"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var child = Process.Start(start)!;
        var owner = child.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            var line = await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(90), Ct);
            Assert.True(line == "ready", $"child said '{line}': {(child.HasExited ? await child.StandardError.ReadToEndAsync(Ct) : "")}");
        }
        finally
        {
            child.Kill(); // SIGKILL: the session's owner gets no chance to dispose it.
            await child.WaitForExitAsync(Ct);
        }

        var orphaned = await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner);
        var report = await executor.CleanupAsync(Ct);

        Assert.NotEqual("", Assert.Single(orphaned).Labels[SandboxLabels.Session]);
        Assert.True(report.Failed == 0, string.Join("; ", report.Errors));
        Assert.Empty(await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, owner));
        Assert.Empty(await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.OwnerPid, owner));
    }

    [Fact]
    public async Task A_named_user_owns_the_files_copied_into_its_session()
    {
        await using var session = await TestEngine<TTarget>.SessionAsync(s => s with { Security = s.Security with { User = "nobody" }, Files = [SandboxFile.FromText("first.txt", "1")] });
        await session.CopyInAsync([SandboxFile.FromText("dir/second.txt", "2")], Ct);

        var result = await session.ExecAsync(SessionCommand.For("sh", "-c", "echo x >> first.txt && echo y >> dir/second.txt && rm first.txt && echo ok"), Ct);

        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("ok\n", result.Stdout);
    }
}
