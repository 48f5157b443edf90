using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// One shared executor per engine for a test run, the gate that skips (locally) or fails (CI) when the engine or
/// its image is missing, and direct engine queries to prove that nothing leaked.
/// </summary>
public static class TestEngine<TTarget> where TTarget : IEngineTarget
{
    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);
    private static readonly Lazy<ContainerExecutor> Shared = new(() => TTarget.Create(Settings()));

    /// <summary>Settings pointing at the repository's Python image.</summary>
    public static ContainerEngineSettings Settings() => new() { DefaultImage = TestImages.Python };

    /// <summary>The shared executor, after the gate.</summary>
    public static async Task<ContainerExecutor> RequireAsync()
    {
        var problem = await Unavailable.Value;
        EngineGate.Require(problem is null, $"{TTarget.Dialect.Name} engine with image {TestImages.Python}", problem ?? "");
        return Shared.Value;
    }

    /// <summary>Whether the engine answers (for fixtures that must not fail when it is absent).</summary>
    public static async Task<bool> IsAvailableAsync() => await Unavailable.Value is null;

    /// <summary>A raw client for assertions about the engine's state.</summary>
    public static DockerClient RawClient()
    {
        var endpoint = EngineEndpoint.Resolve(TTarget.Dialect, null);
        return new DockerClientConfiguration(endpoint.Uri).CreateClient(TTarget.Dialect.ApiVersion);
    }

    /// <summary>Containers carrying the framework label <paramref name="label"/>=<paramref name="value"/>.</summary>
    public static async Task<IList<ContainerListResponse>> ContainersLabelledAsync(string label, string value)
    {
        using var client = RawClient();
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
        });
    }

    /// <summary>Volumes carrying the framework label <paramref name="label"/>=<paramref name="value"/>.</summary>
    public static async Task<IList<VolumeResponse>> VolumesLabelledAsync(string label, string value)
    {
        using var client = RawClient();
        var response = await client.Volumes.ListAsync(new VolumesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
        });
        return response.Volumes ?? [];
    }

    /// <summary>A request with a unique id, so the test can look for its container afterwards.</summary>
    public static ExecutionRequest Request(params string[] command) => ExecutionRequest.For(command) with { Id = "test-" + Guid.NewGuid().ToString("N")[..12] };

    /// <summary>A session of the shared executor on the repository's Python image (owned by this process).</summary>
    public static async Task<ISandboxSession> SessionAsync(Func<ExecutionRequest, ExecutionRequest>? configure = null)
    {
        var executor = await RequireAsync();
        var spec = Request("unused");
        return await executor.CreateSessionAsync(configure is null ? spec : configure(spec), TestContext.Current.CancellationToken);
    }

    /// <summary>A single-use session of the shared executor on the repository's Python image (owned by this process).</summary>
    public static async Task<ISandboxSession> SingleUseSessionAsync(Func<ExecutionRequest, ExecutionRequest>? configure = null)
    {
        var executor = await RequireAsync();
        var spec = Request("unused");
        return await executor.CreateSingleUseSessionAsync(configure is null ? spec : configure(spec), TestContext.Current.CancellationToken);
    }

    private static async Task<string?> ProbeAsync()
    {
        using var engine = new ContainerEngine(TTarget.Dialect, Settings());
        try
        {
            var health = await engine.CheckHealthAsync();
            return health.Checks.FirstOrDefault(c => !c.Passed && c.Name is "engine reachable" or "default image") is { } failed
                ? $"{failed.Detail}; {failed.Remedy}"
                : null;
        }
        catch (SandboxException ex)
        {
            return ex.Message;
        }
    }
}
