using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Cli;

/// <summary>JSON settings for everything the CLI prints with --json: camelCase, enums as camelCase strings, indented.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
