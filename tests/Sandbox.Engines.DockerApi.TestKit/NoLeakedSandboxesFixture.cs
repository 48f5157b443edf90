using Sandbox.Engines.DockerApi;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Assembly fixture: when every test of the assembly has run, no container or volume created by this test process
/// may remain on the engine. (Other processes' sandboxes — other test runs on the same engine — are not ours to judge.)
/// </summary>
public sealed class NoLeakedSandboxesFixture<TTarget> : IAsyncLifetime where TTarget : IEngineTarget
{
    /// <inheritdoc />
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!await TestEngine<TTarget>.IsAvailableAsync()) return;
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var containers = await TestEngine<TTarget>.ContainersLabelledAsync(SandboxLabels.OwnerPid, pid);
        var volumes = await TestEngine<TTarget>.VolumesLabelledAsync(SandboxLabels.OwnerPid, pid);
        Assert.True(containers.Count == 0 && volumes.Count == 0,
            $"{TTarget.Dialect.Name}: this test run leaked {containers.Count} container(s) [{string.Join(", ", containers.Select(c => string.Join(",", c.Names)))}] and {volumes.Count} volume(s)");
    }
}
