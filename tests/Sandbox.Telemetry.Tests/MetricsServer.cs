using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Core;
using Sandbox.Telemetry.AspNetCore;

namespace Sandbox.Telemetry.Tests;

/// <summary>
/// A minimal real server as the framework's server is meant to be wired: Kestrel on a loopback port,
/// <c>AddSandboxTelemetry()</c>, <c>MapSandboxMetrics()</c>, and <c>POST /run?code=N</c> running one sandbox that exits N.
/// </summary>
internal sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    public static async Task<MetricsServer> StartAsync(SandboxRuntime runtime, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSandboxTelemetry();
        var app = builder.Build();
        app.MapSandboxMetrics();
        app.MapPost("/run", async (int code, CancellationToken ct) =>
        {
            var result = await runtime.RunAsync(runtime.CreateRequest("python3", "-c", $"raise SystemExit({code})"), cancellationToken: ct);
            return Results.Ok(new { result.ExitCode, result.SandboxId });
        });
        await app.StartAsync(cancellationToken);
        return new MetricsServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
