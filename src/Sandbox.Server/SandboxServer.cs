using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Server.Contracts;
using Sandbox.Server.Endpoints;
using Sandbox.Server.Federation;
using Sandbox.Server.Hosting;
using Sandbox.Server.Problems;
using Sandbox.Server.Runs;
using Sandbox.Server.Security;
using Sandbox.Telemetry.AspNetCore;
using Sandbox.Toolkit.Net;

namespace Sandbox.Server;

/// <summary>
/// Builds and runs the sandbox server. The <see cref="WebApplication"/> is put together here and only here: other
/// surfaces (an MCP endpoint, telemetry) add their services through <c>configure</c> and their endpoints through
/// <c>map</c> of <see cref="BuildAsync"/>.
/// </summary>
public static class SandboxServer
{
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Runs the server until <paramref name="cancellationToken"/> is cancelled or the process gets SIGTERM/SIGINT.</summary>
    /// <param name="options">Listeners, tokens and configuration.</param>
    /// <param name="log">Where start-up lines go (stderr for the CLI).</param>
    /// <param name="cancellationToken">Stops the server gracefully.</param>
    /// <exception cref="SandboxConfigurationException">The options or the configuration are invalid (e.g. TCP without a token file).</exception>
    public static async Task RunAsync(ServerOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var app = await BuildAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The host does not stop what started before the failure: the warm pools' sandboxes would outlive the server.
            await app.Services.GetRequiredService<SandboxRuntime>().DisposeAsync().ConfigureAwait(false);
            if (ex is IOException { InnerException: AddressInUseException })
                throw new SandboxConfigurationException("command line", "--listen", $"{ex.Message.TrimEnd('.')}: another process listens there; stop it or choose another port (port 0 picks a free one)", ex);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in Listeners(options))
        {
            if (address.SocketPath is { } path && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, SocketMode);
            else if (!address.IsLoopback && !address.Tls) log.WriteLine($"sandbox: WARNING: {address.Text} is reachable from other machines without TLS: tokens and code travel in clear text (use --tls-cert/--tls-key)");
        }

        // One line tests and scripts wait for; port 0 is replaced by the port Kestrel picked.
        log.WriteLine($"sandbox: serving on {string.Join(", ", addresses.Select(a => a.StartsWith("http://unix:", StringComparison.Ordinal) ? "unix:" + a["http://unix:".Length..] : a))}");
        log.Flush();
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads the runtime and builds the server without starting it. <paramref name="configure"/> adds services (before
    /// the build), <paramref name="map"/> adds endpoints (after the API's own); both run inside the auth and problem
    /// middleware, so anything under <c>/v1</c> is authenticated like the rest.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(ServerOptions options, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listeners = Listeners(options);
        var credentials = ServerCredentials.Load(options);
        if (listeners.Any(l => l.IsTcp) && !credentials.Tokens.Current.Any)
            throw new SandboxConfigurationException("command line", "--token-file", "a TCP listener needs a token file (one NAME:TOKEN per line): every /v1 call on TCP must carry a Bearer token");
        if (listeners.Any(l => l.Tls) && (options.TlsCertificate is null || options.TlsKey is null))
            throw new SandboxConfigurationException("command line", "--tls-cert", "an https:// listener needs --tls-cert and --tls-key (PEM files)");
        if (options.IdleExit is { } idle && idle <= TimeSpan.Zero && idle != Timeout.InfiniteTimeSpan)
            throw new SandboxConfigurationException("command line", "--idle-exit", "must be positive (or none)");
        var idleExit = options.IdleExit == Timeout.InfiniteTimeSpan ? null : options.IdleExit;
        foreach (var socket in listeners.Where(l => l.SocketPath is not null)) PrepareSocket(socket.SocketPath!);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        ConfigureLogging(builder.Logging, options.Verbose);
        var loggerFactory = LoggerFactory.Create(logging => ConfigureLogging(logging, options.Verbose));
        var runtime = await SandboxRuntime.CreateAsync(new SandboxOptions { ConfigPath = options.ConfigPath, Pool = options.Pool }, loggerFactory, cancellationToken).ConfigureAwait(false);
        var config = runtime.Config.Server with { ShutdownGrace = options.ShutdownGrace ?? runtime.Config.Server.ShutdownGrace };

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The largest tenant limit; each request is then held to its own tenant's (TenantMiddleware).
            kestrel.Limits.MaxRequestBodySize = config.Quotas.Values.Select(q => q.BodyLimitBytes).Append(TenantQuota.Default.BodyLimitBytes).Max();
            foreach (var listener in listeners)
            {
                Action<ListenOptions> tls = listen =>
                {
                    // Each handshake takes the certificate in force, so a renewed one is served without a restart.
                    if (listener.Tls) listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => credentials.Certificate!.Current });
                };
                if (listener.SocketPath is { } path) kestrel.ListenUnixSocket(path, tls);
                else kestrel.Listen(listener.Localhost ? IPAddress.Loopback : listener.Address!, listener.Port, tls);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = config.ShutdownGrace + ServerLifetime.CleanupBudget + TimeSpan.FromSeconds(10));
        var node = new FederationNode(config.Federation);
        builder.Services.AddSingleton(runtime).AddSingleton(config).AddSingleton(credentials)
            .AddSingleton<TenantQuotas>().AddSingleton<SessionOwners>().AddSingleton<RunTracker>()
            .AddSingleton(node).AddSingleton<PeerHttp>().AddSingleton<PeerDirectory>()
            .AddSingleton<PeerNameResolver>().AddSingleton<Forwarder>().AddSingleton<RunAdmission>()
            .AddHostedService<ServerLifetime>().AddHostedService<CredentialReloader>();
        var activity = new ServerActivity();
        if (idleExit is { } idleAfter) builder.Services.AddSingleton(activity).AddHostedService(services => ActivatorUtilities.CreateInstance<IdleShutdown>(services, idleAfter));
        builder.Services.ConfigureHttpJsonOptions(json => ServerJson.Apply(json.SerializerOptions));
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sandbox server";
            document.Info.Version = "v1";
            // The same document whichever address it is fetched from, so the committed copy can be compared byte for byte.
            document.Servers = [];
            return Task.CompletedTask;
        }));
        // The same runtime serves the MCP tools at /mcp; telemetry exports the framework's spans and metrics.
        builder.Services.AddSandboxMcp().WithSandboxHttpTransport();
        builder.Services.AddSingleton<Sandbox.Mcp.IMcpCallerAdmission, TenantMcpAdmission>();
        builder.Services.AddSandboxTelemetry(node: node.Name);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (idleExit is not null)
        {
            app.Use(async (context, next) =>
            {
                using (activity.Begin()) await next(context).ConfigureAwait(false);
            });
        }

        app.UseMiddleware<AccessLog>();
        app.UseMiddleware<ProblemMiddleware>();
        app.UseMiddleware<TenantMiddleware>();
        app.UseMiddleware<SessionRouting>();
        MapApi(app);
        map?.Invoke(app);
        return app;
    }

    /// <summary>Maps the API: probes and the OpenAPI document without auth, everything else under <c>/v1</c>.</summary>
    private static void MapApi(WebApplication app)
    {
        InfoEndpoints.MapProbes(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        var api = app.MapGroup("/v1");
        RunEndpoints.Map(api);
        InfoEndpoints.Map(api);
        SessionEndpoints.Map(api);
        FederationEndpoints.Map(api);
        // Not part of the REST API's OpenAPI document: MCP describes itself, Prometheus needs no schema.
        app.MapSandboxMcp().ExcludeFromDescription();
        app.MapSandboxMetrics().ExcludeFromDescription();
    }

    private static ListenAddress[] Listeners(ServerOptions options) =>
        [.. (options.Listen.Count == 0 ? [ServerOptions.DefaultListen] : options.Listen).Select(ListenAddress.Parse)];

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning);
        // A start that fails is reported once, by the command, as a typed error: not also as the host's stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", verbose ? LogLevel.Information : LogLevel.Critical);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Everything on stderr: stdout stays free, as for every other command.
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // A streaming caller also gets what its own run logs that it would see in-process (an image pull's progress).
        logging.AddProvider(new Runs.RequestLogRelay());
    }

    // A socket file left by a server that was killed is removed; one that still answers belongs to a running server.
    private static void PrepareSocket(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (UnixSockets.Answers(path))
            throw new SandboxConfigurationException("command line", "--listen", $"another server already answers on unix:{path}; stop it or choose another path");
        // Nobody listens: a stale file, if any.
        File.Delete(path);
    }
}
