using Sandbox.Core.Configuration;
using Sandbox.Core.Pooling;
using Sandbox.Core.Plugins;

namespace Sandbox.Core;

/// <summary>How a <see cref="SandboxRuntime"/> is set up: configuration and where plugins come from.</summary>
public sealed class SandboxOptions
{
    /// <summary>A <c>sandbox.json</c> to load. When <c>null</c>, <see cref="Config"/> is used, else the usual lookup.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>Configuration given in code; wins over <see cref="ConfigPath"/>.</summary>
    public SandboxConfig? Config { get; set; }

    /// <summary>Extra plugin folders, searched before the configured, user and bundled ones.</summary>
    public IList<string> PluginFolders { get; } = [];

    /// <summary>Extra harness template folders, searched before the configured, user and bundled ones.</summary>
    public IList<string> TemplateFolders { get; } = [];

    /// <summary>
    /// Executor and validator types compiled into the application (added by <c>AddSandbox().AddDocker()</c> and the like),
    /// constructed like plugins and found before every plugin folder.
    /// </summary>
    public IList<Type> Components { get; } = [];

    /// <summary>
    /// Search the user's plugin folder (<c>~/.sandbox/plugins</c> or <c>SANDBOX_PLUGINS</c>). Off by default: an
    /// application should not run code it did not ship just because it sits in its user's home folder. The
    /// <c>sandbox</c> CLI turns it on.
    /// </summary>
    public bool IncludeUserPlugins { get; set; }

    /// <summary>Search the plugins bundled next to the application.</summary>
    public bool IncludeBundledPlugins { get; set; } = true;

    /// <summary>How source plugins (<c>plugin.json</c> and <c>*.cs</c>) are compiled, analyzed and cached.</summary>
    public SourcePluginOptions SourcePlugins { get; set; } = new();

    /// <summary>Overrides the configuration's <c>defaultExecutor</c>.</summary>
    public string? DefaultExecutor { get; set; }

    /// <summary>
    /// Overrides the configuration's <c>fallbackToHost</c>: run on the host executor with weaker, flagged isolation
    /// when the container engine is unavailable. Dangerous (SBX0015); off by default.
    /// </summary>
    public bool? FallbackToHost { get; set; }

    /// <summary>Overrides the configuration's <c>validation.enabled</c>. Turning it off is flagged (SBX0014).</summary>
    public bool? ValidationEnabled { get; set; }

    /// <summary>Overrides the configuration's <c>pool</c> section, e.g. <see cref="PoolOptions.Disabled"/> for a one-shot CLI call.</summary>
    public PoolOptions? Pool { get; set; }

    /// <summary>Overrides the configuration's <c>concurrency</c> section (the runtime-wide bound on live sandboxes).</summary>
    public ConcurrencyOptions? Concurrency { get; set; }
}
