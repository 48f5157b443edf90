using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using Sandbox.Core;
using Sandbox.Mcp.Tools;
using Sandbox.TestUtilities;

namespace Sandbox.Mcp.Tests;

/// <summary>
/// The same tool definitions over Streamable HTTP: a minimal real Kestrel app on a loopback port hosts them with the
/// extensions the server calls (AddSandboxMcp, WithSandboxHttpTransport, MapSandboxMcp); the C# SDK's client connects.
/// </summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private DirectoryInfo _folder = null!;
    private SandboxRuntime _runtime = null!;
    private WebApplication _app = null!;
    private Uri _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        SandboxMcpProcess.RequireDocker();
        _folder = Directory.CreateTempSubdirectory("sandbox-mcp-http-");
        var plugins = Path.Combine(Path.GetDirectoryName(SandboxMcpProcess.CliPath)!, "plugins");
        _runtime = await SandboxRuntime.CreateAsync(new SandboxOptions
        {
            ConfigPath = SandboxMcpProcess.WriteConfig(_folder),
            PluginFolders = { plugins },
            IncludeBundledPlugins = false,
            IncludeUserPlugins = false,
        }, cancellationToken: Ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_runtime);
        builder.Services.AddSandboxMcp().WithSandboxHttpTransport();
        _app = builder.Build();
        _app.MapSandboxMcp();
        await _app.StartAsync(Ct);
        var address = ((IApplicationBuilder)_app).ServerFeatures.Get<IServerAddressesFeature>()!.Addresses.First();
        _endpoint = new Uri($"{address}{SandboxMcpEndpointRouteBuilderExtensions.DefaultPattern}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _runtime.DisposeAsync();
        _folder.Delete(recursive: true);
        // The in-process runtime's sandboxes carry this test process's id.
        Assert.Empty(await Containers.OwnedByAsync(Environment.ProcessId));
    }

    [Fact]
    public async Task Sessions_over_http_belong_to_their_connection_and_are_removed_when_it_ends()
    {
        var owner = await ConnectAsync();
        await using var other = await ConnectAsync();
        var tools = await owner.ListToolsAsync(cancellationToken: Ct);
        var code = await owner.CallToolAsync(ToolNames.RunCode, new Dictionary<string, object?> { ["language"] = "python", ["code"] = "result = 6 * 7" }, cancellationToken: Ct);
        var id = (await owner.CallToolAsync(ToolNames.SessionCreate, new Dictionary<string, object?>(), cancellationToken: Ct)).Json().GetProperty("session_id").GetString()!;

        var stolen = await other.CallToolAsync(ToolNames.SessionExec, new Dictionary<string, object?> { ["session_id"] = id, ["command"] = new[] { "true" } }, cancellationToken: Ct);
        var own = await owner.CallToolAsync(ToolNames.SessionExec, new Dictionary<string, object?> { ["session_id"] = id, ["command"] = new[] { "echo", "mine" } }, cancellationToken: Ct);

        Assert.Equal(ToolNames.All.Order(), tools.Select(t => t.Name).Order());
        Assert.Equal(42, code.Json().GetProperty("result").GetInt32());
        Assert.Contains($"Unknown session '{id}'", stolen.Error());
        Assert.Equal("mine\n", own.Json().GetProperty("stdout").GetString());

        // Ending the MCP session (the client's DELETE) removes the sandbox sessions it made.
        await owner.DisposeAsync();
        Assert.True(await Eventually.TrueAsync(async () => !(await Containers.OwnedByAsync(Environment.ProcessId)).Any(c => c.Session == id), TimeSpan.FromSeconds(60)),
            $"session {id} survived its connection");
    }

    private async Task<McpClient> ConnectAsync() =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = _endpoint, TransportMode = HttpTransportMode.StreamableHttp }), cancellationToken: Ct);
}
