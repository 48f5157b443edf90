using Sandbox.Abstractions;
using Sandbox.Testing;

namespace Sandbox.Executors.Firejail.Tests;

/// <summary>The executor conformance kit against the firejail sample, compiled from source.</summary>
public sealed class FirejailConformanceTests(FirejailPlugin plugin) : ExecutorConformanceTests, IClassFixture<FirejailPlugin>
{
    /// <inheritdoc />
    protected override IExecutor Executor => plugin.Executor;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(plugin.CountRunFolders(requestId));
}
