using Sandbox.Build.Tests.Helpers;
using Sandbox.TestUtilities;

namespace Sandbox.Build.Tests;

/// <summary>The task on the real Docker engine: cancelling the build must leave no container behind.</summary>
public sealed class DockerExecutorTests : IDisposable
{
    private readonly ProjectFolder _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Cancelling_the_build_stops_the_container_and_removes_it()
    {
        await DockerEngine.RequireAsync();
        var marker = "sbx-cancel-" + Guid.NewGuid().ToString("N")[..12];
        var task = _project.NewTask();
        task.Executor = "docker";
        task.Image = TestImages.Python;
        task.Command = $"sh -c 'echo started; sleep 120' {marker}";
        task.Timeout = "5m";
        var cancellationToken = TestContext.Current.CancellationToken;

        var execution = Task.Run(task.Execute, cancellationToken);
        await _project.Engine.WaitForMessageAsync("started", cancellationToken);
        Assert.Equal(1, await DockerEngine.ContainersWithMarkerAsync(marker));
        task.Cancel();
        var succeeded = await execution.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.False(succeeded);
        Assert.Equal(["SBXB015"], _project.Engine.Errors.Select(e => e.Code));
        Assert.Equal(0, await DockerEngine.ContainersWithMarkerAsync(marker));
    }
}
