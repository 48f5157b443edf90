using Sandbox.Abstractions;
using Sandbox.Testing;

namespace Sandbox.Executors.Host.Tests;

/// <summary>The conformance kit against the host executor at the strongest isolation this machine allows.</summary>
public sealed class HostExecutorConformanceTests : ExecutorConformanceTests
{
    /// <inheritdoc />
    protected override IExecutor Executor => HostExecutors.Strongest;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(HostExecutors.CountLeftovers(HostExecutors.Strongest, requestId));
}

/// <summary>The conformance kit against namespaces without a user namespace (machines that forbid unprivileged ones).</summary>
public sealed class RootBubblewrapConformanceTests : ExecutorConformanceTests
{
    /// <inheritdoc />
    protected override IExecutor Executor => HostExecutors.RootBubblewrap;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(HostExecutors.CountLeftovers(HostExecutors.RootBubblewrap, requestId));
}

/// <summary>The conformance kit against the host executor without namespaces (cgroups, rlimits, a dropped user).</summary>
public sealed class ProcessIsolationConformanceTests : ExecutorConformanceTests
{
    /// <inheritdoc />
    protected override IExecutor Executor => HostExecutors.ProcessOnly;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(HostExecutors.CountLeftovers(HostExecutors.ProcessOnly, requestId));
}

/// <summary>The conformance kit against the host executor as a plain child process: capability honesty at its weakest.</summary>
public sealed class UnisolatedConformanceTests : ExecutorConformanceTests
{
    /// <inheritdoc />
    protected override IExecutor Executor => HostExecutors.Unisolated;

    /// <inheritdoc />
    protected override Task<int> CountLeftoversAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(HostExecutors.CountLeftovers(HostExecutors.Unisolated, requestId));
}
