using System.Security.Claims;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Mcp;
using Sandbox.Server.Contracts;
using Sandbox.Server.Security;

namespace Sandbox.Server.Runs;

/// <summary>
/// Holds MCP tool calls at <c>/mcp</c> to the caller's tenant quotas, through the same <see cref="TenantQuotas"/> and
/// <see cref="SessionOwners"/> as <c>/v1</c>: its live and queued runs, its sessions (MCP and <c>/v1</c> ones count
/// together) and its <c>maxTimeout</c>/<c>maxMemory</c> ceilings (<see cref="RequestMapper.Ceilings"/>). The MCP session itself is bound to the tenant by the SDK (a call with another tenant's token is refused).
/// </summary>
internal sealed class TenantMcpAdmission(SandboxRuntime runtime, ServerConfig config, TenantQuotas quotas, SessionOwners owners) : IMcpCallerAdmission
{
    public Task<IDisposable> EnterRunAsync(ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
        quotas.EnterRunAsync(TenantMiddleware.TenantOf(caller), cancellationToken);

    public Task<ISandboxSession> CreateSessionAsync(ClaimsPrincipal? caller, Func<CancellationToken, Task<ISandboxSession>> create, CancellationToken cancellationToken)
    {
        var tenant = TenantMiddleware.TenantOf(caller);
        return owners.CreateAsync(runtime, tenant, config.QuotaFor(tenant), create, cancellationToken);
    }

    public ResourceLimits Limit(ClaimsPrincipal? caller, ResourceLimits limits, bool timeoutAsked) =>
        RequestMapper.Ceilings(limits, config.QuotaFor(TenantMiddleware.TenantOf(caller)), timeoutAsked ? "timeout_seconds" : null, memoryMember: null);

    public void SessionEnded(string id) => owners.Remove(id);
}
