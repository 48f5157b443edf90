using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Configuration;

/// <summary>
/// The contents of a <c>sandbox.json</c> file after <c>${ENV}</c> substitution and validation. Every member has the
/// secure default, so an empty file (or none) means "locked down, run on Docker".
/// </summary>
public sealed record SandboxConfig
{
    /// <summary>The configuration used when no file is given.</summary>
    public static SandboxConfig Default { get; } = new();

    /// <summary>The executor used when the caller names none.</summary>
    public const string BuiltInDefaultExecutor = "docker";

    /// <summary>The file this came from, or <c>null</c> for built-in defaults.</summary>
    public string? SourcePath { get; init; }

    /// <summary><c>defaultExecutor</c>: the executor used when the caller names none.</summary>
    public string DefaultExecutor { get; init; } = BuiltInDefaultExecutor;

    /// <summary><c>fallbackToHost</c>: run on the host executor (with weaker isolation, flagged) when the engine is down. Off by default.</summary>
    public bool FallbackToHost { get; init; }

    /// <summary><c>validation.enabled</c>: run validators before every request.</summary>
    public bool ValidationEnabled { get; init; } = true;

    /// <summary><c>pluginFolders</c>: extra plugin folders, resolved against the file's directory.</summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary><c>templateFolders</c>: extra harness template folders, resolved against the file's directory.</summary>
    public IReadOnlyList<string> TemplateFolders { get; init; } = [];

    /// <summary><c>defaults</c>: the request every run starts from (image, limits, network, security, mounts).</summary>
    public ExecutionRequest Defaults { get; init; } = new();

    /// <summary><c>executors.&lt;name&gt;</c>: settings handed to each executor plugin.</summary>
    public IReadOnlyDictionary<string, JsonElement> Executors { get; init; } = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>validators.&lt;name&gt;</c>: settings handed to each validator plugin (and whether it is enabled).</summary>
    public IReadOnlyDictionary<string, ValidatorConfig> Validators { get; init; } = new Dictionary<string, ValidatorConfig>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>pool</c>: the warm pool of sandboxes for one-shot runs. Off unless the section is present.</summary>
    public PoolOptions Pool { get; init; } = PoolOptions.Disabled;

    /// <summary><c>concurrency</c>: the runtime-wide bound on live sandboxes.</summary>
    public ConcurrencyOptions Concurrency { get; init; } = ConcurrencyOptions.Default;

    /// <summary><c>server</c>: shutdown grace and per-tenant quotas of <c>sandbox serve</c>.</summary>
    public ServerConfig Server { get; init; } = ServerConfig.Default;
}

/// <summary>A validator's configuration.</summary>
/// <param name="Enabled">Whether it runs.</param>
/// <param name="Settings">Its settings: the section without the runtime's own <c>enabled</c> key.</param>
public sealed record ValidatorConfig(bool Enabled, JsonElement Settings);
