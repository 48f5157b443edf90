using System.Security.Claims;
using Sandbox.Abstractions;

namespace Sandbox.Mcp;

/// <summary>
/// A host's rules for who may start what, applied to every tool that starts a sandbox. The sandbox server implements it
/// with its tenant quotas (the same ones its REST API applies), keyed by the caller the transport authenticated; with no
/// host rules (stdio, <see cref="NoCallerAdmission"/>) only the connection's own limits of <see cref="SandboxMcpOptions"/> apply.
/// </summary>
public interface IMcpCallerAdmission
{
    /// <summary>Takes one of <paramref name="caller"/>'s run slots for a one-shot tool (waiting in its queue if the host allows); dispose it after the run.</summary>
    /// <param name="caller">The authenticated caller of the tool call (<c>null</c>: none).</param>
    /// <param name="cancellationToken">The tool call's cancellation.</param>
    /// <exception cref="SandboxException">The caller is over a quota: reported to the model as a tool error naming it.</exception>
    Task<IDisposable> EnterRunAsync(ClaimsPrincipal? caller, CancellationToken cancellationToken);

    /// <summary>Creates a session for <paramref name="caller"/> through <paramref name="create"/> within its session quota, and records it as the caller's.</summary>
    /// <exception cref="SandboxException">The caller is over a quota: nothing was created.</exception>
    Task<ISandboxSession> CreateSessionAsync(ClaimsPrincipal? caller, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="limits"/> within <paramref name="caller"/>'s ceilings: a configured default above one is lowered to
    /// it; a timeout the model asked for (<paramref name="timeoutAsked"/>) above it is refused.
    /// </summary>
    /// <exception cref="SandboxException">The model asked for more than a ceiling.</exception>
    ResourceLimits Limit(ClaimsPrincipal? caller, ResourceLimits limits, bool timeoutAsked);

    /// <summary>Forgets session <paramref name="id"/>: it was closed, it expired, or its connection ended.</summary>
    void SessionEnded(string id);
}

/// <summary>No host rules: every call is admitted (the transport carries one trusted connection, as stdio does).</summary>
public sealed class NoCallerAdmission : IMcpCallerAdmission
{
    /// <inheritdoc />
    public Task<IDisposable> EnterRunAsync(ClaimsPrincipal? caller, CancellationToken cancellationToken) => Task.FromResult<IDisposable>(Nothing.Instance);

    /// <inheritdoc />
    public Task<ISandboxSession> CreateSessionAsync(ClaimsPrincipal? caller, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        return create(cancellationToken);
    }

    /// <inheritdoc />
    public ResourceLimits Limit(ClaimsPrincipal? caller, ResourceLimits limits, bool timeoutAsked) => limits;

    /// <inheritdoc />
    public void SessionEnded(string id)
    {
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
