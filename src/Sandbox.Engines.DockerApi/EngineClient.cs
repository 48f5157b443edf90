using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The connection to one engine: Docker.DotNet for most of the API, <see cref="EngineHttp"/> for the calls it lacks
/// and for those on a first run's critical path (info, the sweep's lists, the create), and one place where failures
/// become the framework's typed exceptions.
/// </summary>
internal sealed class EngineClient : IDisposable
{
    private readonly Lazy<DockerDotNetClient> _api;
    private readonly Lazy<EngineHttp> _http;
    private long _outages;

    public EngineClient(EngineDialect dialect, EngineEndpoint endpoint, TimeSpan apiTimeout, ILogger logger, ILogger? pullLogger = null)
    {
        PullLogger = pullLogger ?? logger;
        Dialect = dialect;
        Endpoint = endpoint;
        ApiTimeout = apiTimeout;
        Logger = logger;
        // Both created on first use: a process that never calls this engine (another executor's run) pays for neither.
        _api = new(() => new DockerDotNetClient(endpoint, dialect.ApiVersion));
        _http = new(() => new EngineHttp(endpoint, dialect.ApiVersion));
    }

    public EngineDialect Dialect { get; }

    public EngineEndpoint Endpoint { get; }

    public TimeSpan ApiTimeout { get; }

    public ILogger Logger { get; }

    /// <summary>Image pull progress: its own category, so a CLI can show it without showing every informational line.</summary>
    public ILogger PullLogger { get; }

    /// <summary>Plain HTTP to the engine, for the calls Docker.DotNet does not model.</summary>
    public EngineHttp Http => _http.Value;

    public DockerClient Api => _api.Value.Client;

    /// <summary>Runs one engine call under the API timeout, translating failures.</summary>
    public async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = timeout ?? ApiTimeout;
        if (limit != Timeout.InfiniteTimeSpan) deadline.CancelAfter(limit);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new EngineApiException(operation, null, $"no answer within {limit.TotalSeconds:0.#} s", ex);
        }
        catch (Exception ex) when (EngineErrors.Translate(ex, operation, Dialect, Endpoint) is { } translated)
        {
            if (translated is EngineUnavailableException) Interlocked.Increment(ref _outages);
            throw translated;
        }
    }

    /// <summary>
    /// How many calls found the engine unreachable so far. A connection held open across such a failure (an attach
    /// stream) may have died with the engine's process.
    /// </summary>
    public long Outages => Interlocked.Read(ref _outages);

    /// <summary>Runs one engine call that returns nothing.</summary>
    public Task CallAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        CallAsync(operation, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken, timeout);

    /// <summary>
    /// Before files are read from a container whose process has ended: on an engine whose archive API fails while a
    /// container is stopping (<see cref="EngineDialect.ArchiveFailsWhileStopping"/>), waits until it has stopped (at
    /// most the API timeout; a container still running can be read as it is). Elsewhere returns at once.
    /// </summary>
    public async Task UntilArchiveReadableAsync(string id, CancellationToken cancellationToken)
    {
        if (!Dialect.ArchiveFailsWhileStopping) return;
        try
        {
            await WaitForExitAsync(id, cancellationToken).WaitAsync(ApiTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running: its files can be read as they are.
        }
    }

    /// <summary>Waits until the container has exited and returns its exit code. No timeout of its own.</summary>
    public Task<long> WaitForExitAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("wait for the container", async ct => Dialect.Wait switch
        {
            WaitMode.LibpodWait => await Http.LibpodWaitAsync(id, Dialect.WaitInterval, ct).ConfigureAwait(false),
            _ => (await Api.Containers.WaitContainerAsync(id, ct).ConfigureAwait(false)).StatusCode,
        }, cancellationToken, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// When the container stopped, by the engine's clock; <c>null</c> while it runs. Read only on failure paths: it is
    /// how a command that never arrived is told apart from one that ran and was killed.
    /// </summary>
    public async Task<DateTimeOffset?> StoppedAtAsync(string id, CancellationToken cancellationToken)
    {
        var inspect = await CallAsync("inspect the container", ct => Api.Containers.InspectContainerAsync(id, ct), cancellationToken).ConfigureAwait(false);
        if (inspect.State.Running) return null;
        return DateTimeOffset.TryParse(inspect.State.FinishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished) ? finished : null;
    }

    /// <summary>Sends SIGKILL to the container; one that is not running (it exited meanwhile) is not an error.</summary>
    public async Task KillAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("kill the container", ct => Api.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "SIGKILL" }, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (EngineErrors.IsConflict(ex))
        {
            // It exited on its own between the decision to kill and the kill.
        }
    }

    /// <summary>Whether the engine answers a ping within <paramref name="timeout"/>; never throws for engine failures.</summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("ping the engine", ct => Api.System.PingAsync(ct), cancellationToken, timeout).ConfigureAwait(false);
            return true;
        }
        catch (SandboxException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs an engine call that makes something (a container, a network) under the API timeout but not under the
    /// caller's cancellation: the engine goes on with a create whose caller hung up, so abandoning the call would leave
    /// what it makes unknown to the caller, who must remove it. The caller observes its cancellation once it can.
    /// </summary>
    public Task<T> CreateAsync<T>(string operation, Func<CancellationToken, Task<T>> call) => CallAsync(operation, call, CancellationToken.None);

    /// <summary>
    /// Creates a container from <paramref name="spec"/>; returns its id. A cancelled caller gets
    /// <see cref="OperationCanceledException"/> once the engine has answered (see <see cref="CreateAsync"/>), so its
    /// removal by name comes after the container exists.
    /// </summary>
    public async Task<string> CreateContainerAsync(string operation, CreateContainerParameters spec, CancellationToken cancellationToken)
    {
        var query = string.IsNullOrEmpty(spec.Name) ? "" : $"?name={Uri.EscapeDataString(spec.Name)}";
        if (!string.IsNullOrEmpty(spec.Platform)) query += (query.Length == 0 ? "?" : "&") + $"platform={Uri.EscapeDataString(spec.Platform)}";
        var body = ContainerSpecJson.Serialize(spec);
        string created;
        try
        {
            created = await CreateAsync(operation, ct => Http.PostJsonAsync("/containers/create" + query, body, answer =>
                answer.TryGetProperty("Id", out var id) && id.GetString() is { Length: > 0 } value ? value : throw new EngineApiException(operation, null, "the engine answered without a container id"), ct)).ConfigureAwait(false);
        }
        catch (SandboxException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The caller has gone: what it hears is that, with the engine's answer kept as the cause.
            throw new OperationCanceledException($"Cancelled while the engine was asked to {operation}.", ex, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return created;
    }

    /// <summary>The engine's info: what it supports.</summary>
    public Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) =>
        CallAsync("read the engine info", ct => Http.GetJsonAsync("/info", EngineInfo.Parse, ct), cancellationToken);

    /// <summary>Engine version and API version, as cheaply as the engine allows.</summary>
    public Task<(string Version, string ApiVersion)> VersionAsync(CancellationToken cancellationToken) =>
        CallAsync("read the engine version", async ct =>
        {
            if (!Dialect.VersionFromPing)
            {
                var version = await Api.System.GetVersionAsync(ct).ConfigureAwait(false);
                return (version.Version, version.APIVersion);
            }

            var headers = await Http.PingAsync(ct).ConfigureAwait(false);
            var server = headers.GetValueOrDefault("Libpod-Api-Version") ?? headers.GetValueOrDefault("Server") ?? "unknown";
            return (server, headers.GetValueOrDefault("Api-Version") ?? "unknown");
        }, cancellationToken);

    /// <summary>The image reference the engine knows <paramref name="image"/> by, or <c>null</c> when it is not present.</summary>
    public async Task<string?> FindImageAsync(string image, CancellationToken cancellationToken)
    {
        // The local prefix only completes a name without a registry ("localhost/" + "localhost:5000/x" is no reference).
        string[] candidates = Dialect.LocalImagePrefix is { } prefix && !Images.ImageReference.NamesRegistry(image) ? [image, prefix + image] : [image];
        foreach (var candidate in candidates)
        {
            try
            {
                await CallAsync("inspect the image", ct => Api.Images.InspectImageAsync(candidate, ct), cancellationToken).ConfigureAwait(false);
                return candidate;
            }
            catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
            {
                // Try the next spelling.
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (_api.IsValueCreated) _api.Value.Dispose();

        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}

