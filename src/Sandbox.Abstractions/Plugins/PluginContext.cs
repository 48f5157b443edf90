using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Abstractions.Json;

namespace Sandbox.Abstractions;

/// <summary>
/// Handed to a plugin's constructor. A plugin type is discovered when it is public, non-abstract, implements
/// <see cref="IExecutor"/> or <see cref="IValidator"/>, and has a public constructor taking a
/// <see cref="PluginContext"/> (preferred) or no parameters.
/// </summary>
public sealed class PluginContext
{
    /// <summary>Creates a context.</summary>
    public PluginContext(string pluginDirectory, JsonElement settings, ILoggerFactory? loggerFactory = null)
    {
        PluginDirectory = pluginDirectory;
        Settings = settings;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>A context with no settings, for tests and direct use.</summary>
    public static PluginContext Empty { get; } = new(AppContext.BaseDirectory, default);

    /// <summary>The folder the plugin was loaded from.</summary>
    public string PluginDirectory { get; }

    /// <summary>
    /// The plugin's section of <c>sandbox.json</c> (<c>executors.&lt;name&gt;</c> or <c>validators.&lt;name&gt;</c>), with
    /// <c>${ENV}</c> references already substituted. <see cref="JsonValueKind.Undefined"/> when there is none.
    /// </summary>
    public JsonElement Settings { get; }

    /// <summary>Logging for the plugin.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Reads <see cref="Settings"/> into <typeparamref name="T"/> (camelCase, case-insensitive), or a new <typeparamref name="T"/> when absent.</summary>
    /// <exception cref="PluginSettingsException">The settings do not match <typeparamref name="T"/>; the message names the problem.</exception>
    public T GetSettings<T>() where T : new()
    {
        if (Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return new T();
        try
        {
            return Settings.Deserialize<T>(SettingsJson) ?? new T();
        }
        catch (JsonException ex)
        {
            // In the settings' own terms ("pullPolicy: expected one of missing, never, always"), never a .NET type.
            throw new PluginSettingsException([JsonErrorText.Explain(ex, SettingsJson.GetTypeInfo(typeof(T)))], ex);
        }
    }

    private static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}
