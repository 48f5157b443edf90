using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions;
using Sandbox.Core.Configuration;
using Sandbox.Core.Diagnostics;
using Sandbox.Core.Harness;
using Sandbox.Core.Plugins;
using Sandbox.Core.Pooling;

namespace Sandbox.Core;

/// <summary>
/// The framework's entry point for .NET applications: loads configuration and plugins, then runs each request
/// through the validators and an executor.
/// </summary>
/// <example>
/// <code>
/// await using var sandbox = SandboxRuntime.Create(new SandboxOptions());
/// var result = await sandbox.RunAsync(sandbox.CreateRequest("python3", "-c", "print(1)"));
/// </code>
/// </example>
public sealed partial class SandboxRuntime : ISandboxRuntime
{
    /// <summary>The name of the host executor, used for the explicit fallback.</summary>
    public const string HostExecutorName = "host";

    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BoundedExecutors _executors;
    private int _disposed;
    private readonly Lazy<TemplateCatalog> _templates;

    private SandboxRuntime(SandboxConfig config, PluginCatalog plugins, Lazy<TemplateCatalog> templates, SandboxOptions options, ILoggerFactory loggerFactory)
    {
        Config = config;
        Plugins = plugins;
        _templates = templates;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SandboxRuntime>();
        Pool = options.Pool ?? config.Pool;
        Pool.Validate();
        Limiter = new SandboxLimiter(options.Concurrency ?? config.Concurrency);
        _executors = new BoundedExecutors(plugins, Pool, Limiter, loggerFactory);
        DefaultExecutor = options.DefaultExecutor ?? config.DefaultExecutor;
        FallbackToHost = options.FallbackToHost ?? config.FallbackToHost;
        ValidationEnabled = options.ValidationEnabled ?? config.ValidationEnabled;
    }

    /// <summary>The configuration in effect.</summary>
    public SandboxConfig Config { get; }

    /// <summary>The loaded plugins (and the ones that failed, with reasons).</summary>
    public PluginCatalog Plugins { get; }

    /// <summary>The harness templates available to <see cref="ExecAsync"/>, read on first use (a plain run needs none).</summary>
    public TemplateCatalog Templates => _templates.Value;

    /// <summary>The executor used when a run names none.</summary>
    public string DefaultExecutor { get; }

    /// <summary>Whether runs fall back to the host executor when the engine is unavailable.</summary>
    public bool FallbackToHost { get; }

    /// <summary>Whether validators run before each request.</summary>
    public bool ValidationEnabled { get; }

    /// <summary>The warm pool's configuration in effect.</summary>
    public PoolOptions Pool { get; }

    /// <summary>The runtime-wide bound on live sandboxes, shared by every executor, pool and session.</summary>
    public SandboxLimiter Limiter { get; }

    /// <summary>
    /// Loads configuration and plugins. Blocks while source plugins compile; prefer <see cref="CreateAsync"/> where the
    /// caller can await.
    /// </summary>
    /// <exception cref="SandboxConfigurationException">The configuration is invalid.</exception>
    public static SandboxRuntime Create(SandboxOptions options, ILoggerFactory? loggerFactory = null)
    {
        var (config, folders, settingsFor) = Prepare(options);
        var plugins = PluginCatalog.Load(folders, settingsFor, loggerFactory, options.SourcePlugins, [.. options.Components]);
        return Finish(config, plugins, options, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>Loads configuration and plugins, compiling source plugins (or taking them from the cache).</summary>
    /// <exception cref="SandboxConfigurationException">The configuration is invalid.</exception>
    public static async Task<SandboxRuntime> CreateAsync(SandboxOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var (config, folders, settingsFor) = Prepare(options);
        var plugins = await PluginCatalog.LoadAsync(folders, settingsFor, loggerFactory, options.SourcePlugins, [.. options.Components], cancellationToken).ConfigureAwait(false);
        return Finish(config, plugins, options, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>A request for <paramref name="command"/> starting from the configured defaults.</summary>
    public ExecutionRequest CreateRequest(params string[] command) => Config.Defaults with { Command = command };

    /// <summary>
    /// The executor named <paramref name="name"/> (or the default one) as runs and sessions use it: every sandbox it
    /// starts — a cold run, a pooled run or a session — holds a slot of <see cref="Limiter"/>, and when the <c>pool</c>
    /// configuration enables pooling its runs are served from a warm pool (<see cref="PooledExecutor"/>). The loaded
    /// plugin itself, unbounded, is <c>Plugins.Executors[name]</c>.
    /// </summary>
    /// <exception cref="ExecutorNotFoundException">No such executor is loaded.</exception>
    public ISessionExecutor GetExecutor(string? name = null) => _executors.Get(PluginExecutor(name));

    /// <summary>Runs the validators (and the SBX inspection) over <paramref name="request"/> without running it.</summary>
    /// <exception cref="ValidatorNotLoadedException">A validator that is not turned off failed to load.</exception>
    public Task<ValidationReport> ValidateAsync(ExecutionRequest request, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= RunOptions.Default;
        var context = new ValidationContext(request, options.Sources, options.Executor ?? DefaultExecutor);
        // Checked per call, as the validators are read: a source validator that stops compiling stops the runs too.
        if (FailedValidator is { } failed) throw new ValidatorNotLoadedException(failed.Name, failed.Error!);
        // Built per call from the catalog, so a reloaded source validator takes effect (and the old one can unload).
        var enabled = Plugins.Validators.Where(v => IsTurnedOn(v.Name)).ToArray();
        return new ValidationPipeline(enabled, _logger).ValidateAsync(context, cancellationToken);
    }

    /// <summary>
    /// A validator that is not turned off (<c>validators.&lt;name&gt;.enabled</c>) but failed to load; while there is one,
    /// validation and runs fail with <see cref="ValidatorNotLoadedException"/>.
    /// </summary>
    public PluginDescriptor? FailedValidator => Plugins.Plugins.FirstOrDefault(p => p is { Kind: PluginKind.Validator, Error: not null } && IsTurnedOn(p.Name));

    private bool IsTurnedOn(string validator) => !Config.Validators.TryGetValue(validator, out var settings) || settings.Enabled;

    /// <summary>
    /// Validates and runs <paramref name="request"/>. A validator rejection is a result
    /// (<see cref="ErrorKind.ValidationRejected"/>, no sandbox created); infrastructure failures throw.
    /// </summary>
    public async Task<ExecutionResult> RunAsync(ExecutionRequest request, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= RunOptions.Default;
        var executor = GetExecutor(options.Executor);
        if (string.IsNullOrEmpty(request.Id)) request = request with { Id = Guid.NewGuid().ToString("N")[..12] };
        using var run = RunTelemetry.Start(executor, request);

        ValidationReport report;
        if (options.SkipValidation || !ValidationEnabled)
        {
            _logger.LogWarning("Validation is disabled for request {RequestId} (SBX0014): code and request are not checked before running", request.Id);
            report = ValidationReport.SkippedByCaller;
        }
        else
        {
            report = await ValidateAsync(request, options with { Executor = executor.Name }, cancellationToken).ConfigureAwait(false);
            if (report.Rejected) return run.Complete(Rejected(executor.Name, report));
        }

        var result = await ExecuteWithFallbackAsync(executor, request, cancellationToken).ConfigureAwait(false);
        if (result.WeakenedFeatures != SandboxFeatures.None)
            _logger.LogWarning("Request {RequestId} ran on {Executor} WITHOUT: {Features}", request.Id, result.Executor, SandboxFeatureNames.Describe(result.WeakenedFeatures));
        return run.Complete(result with { Validation = report });
    }

    /// <summary>
    /// Runs user code through a harness template: validates the code (before any sandbox exists), renders the
    /// harness, runs it and returns the code's result or error.
    /// </summary>
    public async Task<HarnessResult> ExecAsync(HarnessRequest request, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (execution, sources) = HarnessRunner.Prepare(Templates.Get(request.Template), request);
        var result = await RunAsync(execution, (options ?? RunOptions.Default) with { Sources = sources }, cancellationToken).ConfigureAwait(false);
        return HarnessRunner.Interpret(result);
    }

    /// <summary>Destroys the warm pools' ready sandboxes, then unloads the plugins. Only the first call does anything.</summary>
    public async ValueTask DisposeAsync()
    {
        // Owners may overlap (a server that failed to start, and its lifetime service): the plugins are unloaded once.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _executors.DisposeAsync().ConfigureAwait(false);
        await Plugins.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Like <see cref="DisposeAsync"/>, for owners that only know <see cref="IDisposable"/> (a service provider disposed
    /// with plain <c>using</c> throws for a singleton that is only <see cref="IAsyncDisposable"/>).
    /// </summary>
    public void Dispose() =>
        // No synchronization context is captured below (ConfigureAwait(false) throughout), so waiting cannot deadlock.
        DisposeAsync().AsTask().GetAwaiter().GetResult();

    // The loaded plugin, unbounded: for the limiter's wrappers and for session look-ups that hold no sandbox.
    private IExecutor PluginExecutor(string? name)
    {
        name ??= DefaultExecutor;
        if (Plugins.Executors.TryGetValue(name, out var executor)) return executor;
        var failed = Plugins.Plugins.FirstOrDefault(p => !p.Loaded && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var unloaded = Plugins.Plugins.Where(p => !p.Loaded && p.Kind is null or PluginKind.Executor).Select(p => (p.Name, p.Error ?? "not loaded"));
        throw new ExecutorNotFoundException(name, Plugins.Executors.Keys, failed?.Error, unloaded);
    }

    private async Task<ExecutionResult> ExecuteWithFallbackAsync(IExecutor executor, ExecutionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await executor.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
            return result.Executor.Length == 0 ? result with { Executor = executor.Name } : result;
        }
        catch (EngineUnavailableException ex) when (FallbackToHost && executor.Name != HostExecutorName && Plugins.Executors.ContainsKey(HostExecutorName))
        {
            _logger.LogWarning("{Message} Falling back to the host executor with weaker isolation (SBX0015)", ex.Message);
            var host = GetExecutor(HostExecutorName);
            var result = await host.ExecuteAsync(request with { AllowWeakerIsolation = true }, cancellationToken).ConfigureAwait(false);
            return result with
            {
                Executor = host.Name,
                Warnings = [$"{executor.Name} was unavailable; ran on the host executor with weaker isolation (fallbackToHost)", .. result.Warnings],
            };
        }
        catch (Exception ex) when (RunTelemetry.Failed(ex))
        {
            throw;
        }
    }

    // The configured defaults on each executor and image the pool keeps warm start filling now, in the background.
    private void StartWarmPools()
    {
        foreach (var (executor, image) in Pool.WarmTargets(DefaultExecutor, Config.Defaults.Image))
        {
            if (!Plugins.Executors.ContainsKey(executor))
            {
                _logger.LogWarning("{Config}: pool names executor '{Executor}', which is not installed; nothing is kept warm for it", Config.SourcePath, executor);
                continue;
            }

            if (GetExecutor(executor) is PooledExecutor pooled) pooled.Pin(Config.Defaults with { Image = image });
        }
    }

    private static ExecutionResult Rejected(string executor, ValidationReport report) =>
        ExecutionResult.Failed(executor, new ExecutionError(ErrorKind.ValidationRejected, RejectionMessage(report)), report);

    private static string RejectionMessage(ValidationReport report)
    {
        var errors = report.Findings.Where(f => f.Severity == FindingSeverity.Error).ToArray();
        return $"Rejected by validation before any sandbox was created: {errors[0]}" + (errors.Length > 1 ? $" (and {errors.Length - 1} more)" : "");
    }

    private static (SandboxConfig Config, IReadOnlyList<string> Folders, Func<PluginKind, string, System.Text.Json.JsonElement> SettingsFor) Prepare(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = options.Config ?? SandboxConfigLoader.LoadOrDefault(options.ConfigPath);
        var folders = PluginFolders.Resolve([.. options.PluginFolders, .. config.PluginFolders], options.IncludeUserPlugins, options.IncludeBundledPlugins);
        return (config, folders, (kind, key) => SettingsFor(config, kind, key));
    }

    private static SandboxRuntime Finish(SandboxConfig config, PluginCatalog plugins, SandboxOptions options, ILoggerFactory loggerFactory)
    {
        WarnAboutUnusedSections(config, plugins, loggerFactory.CreateLogger<SandboxRuntime>());
        var templates = new Lazy<TemplateCatalog>(() => TemplateCatalog.Load(TemplateCatalog.Folders([.. options.TemplateFolders, .. config.TemplateFolders])));
        var runtime = new SandboxRuntime(config, plugins, templates, options, loggerFactory);
        runtime.StartWarmPools();
        return runtime;
    }

    // Settings are keyed by plugin name (the assembly's last segment); a section nobody reads is almost always a typo.
    private static void WarnAboutUnusedSections(SandboxConfig config, PluginCatalog plugins, ILogger logger)
    {
        var keys = plugins.SettingsKeys;
        foreach (var section in config.Executors.Keys.Select(k => $"executors.{k}").Concat(config.Validators.Keys.Select(k => $"validators.{k}")))
        {
            if (!keys.Contains(section[(section.IndexOf('.') + 1)..]))
                logger.LogWarning("{Config}: {Section} matches no installed plugin (known: {Known}); its settings are ignored", config.SourcePath, section, string.Join(", ", keys.Order()));
        }
    }

    private static System.Text.Json.JsonElement SettingsFor(SandboxConfig config, PluginKind kind, string key) => kind switch
    {
        PluginKind.Executor when config.Executors.TryGetValue(key, out var settings) => settings,
        PluginKind.Validator when config.Validators.TryGetValue(key, out var validator) => validator.Settings,
        _ => default,
    };
}
