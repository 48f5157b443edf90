using Sandbox.Abstractions;
using Sandbox.Testing;

namespace TemplatePlugin1.Tests;

/// <summary>
/// Every clause of the executor contract, checked against <see cref="PluginShortNameExecutor"/>: exit codes, output caps,
/// stdin, environment, timeouts that kill the whole tree, cancellation, cleanup and capability honesty.
/// </summary>
public sealed class PluginShortNameExecutorConformanceTests : ExecutorConformanceTests
{
    private static readonly PluginShortNameExecutor Shared = new(PluginContext.Empty);

    /// <inheritdoc />
    protected override IExecutor Executor => Shared;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Shared.RunDirectories.Count(requestId));

    [Fact]
    public async Task The_executor_is_healthy_on_this_machine()
    {
        var report = await Shared.HealthCheckAsync(TestContext.Current.CancellationToken);

        Assert.True(report.Healthy, report.Summary);
    }
}
