using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Sandbox.Core.Configuration;

/// <summary>
/// Reads the framework's configuration from <see cref="IConfiguration"/> (appsettings.json, environment variables,
/// command line…) by turning the section into the JSON of a <c>sandbox.json</c> and parsing that with
/// <see cref="SandboxConfigLoader"/>, so both sources share one set of keys, rules and error messages.
/// </summary>
public static class ConfigurationReader
{
    /// <summary>Reads <paramref name="configuration"/> (a section whose children are sandbox.json's top-level keys).</summary>
    /// <exception cref="SandboxConfigurationException">A key is unknown or a value is invalid.</exception>
    public static SandboxConfig Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration is IConfigurationSection section ? $"configuration section '{section.Path}'" : "configuration";
        return SandboxConfigLoader.Parse(ToJson(configuration).ToJsonString(), name);
    }

    /// <summary>
    /// The section as JSON. Configuration only holds strings, so values are typed back: <c>true</c>/<c>false</c> are
    /// booleans, numbers are numbers, and children keyed 0, 1, 2… are arrays (as the JSON provider flattens them).
    /// </summary>
    internal static JsonNode ToJson(IConfiguration configuration)
    {
        var children = configuration.GetChildren().ToArray();
        if (children.Length > 0 && children.Select((c, i) => c.Key == i.ToString(CultureInfo.InvariantCulture)).All(x => x))
            return new JsonArray([.. children.Select(Value)]);
        var obj = new JsonObject();
        foreach (var child in children) obj[child.Key] = Value(child);
        return obj;
    }

    private static JsonNode? Value(IConfigurationSection section)
    {
        if (section.GetChildren().Any()) return ToJson(section);
        return section.Value switch
        {
            null => null,
            "true" or "True" => JsonValue.Create(true),
            "false" or "False" => JsonValue.Create(false),
            var text when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            var text => JsonValue.Create(text),
        };
    }
}
