using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Core.Results;

namespace Sandbox.Cli;

/// <summary>
/// JSON settings for everything the CLI prints with --json and reads from a server: the documents' own settings
/// (<see cref="ResultJson.SerializerOptions"/>: camelCase, enums as camelCase strings, indented) with generated
/// metadata only — the server API's and the CLI's own — so the managed CLI fails in its tests wherever the native one,
/// which has no reflection, would fail in use. Members a newer server adds to its answers are ignored.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(ResultJson.SerializerOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Sandbox.Server.Contracts.ServerJsonContext.Default, CliJsonContext.Default),
    };

    // One document per line (JSON lines), for listings that follow the first (plugins --watch).
    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary>The metadata of <typeparamref name="T"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Serializes <paramref name="value"/> as the CLI prints it; on one line unless <paramref name="indented"/>.</summary>
    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)(indented ? Options : Compact).GetTypeInfo(typeof(T)));
}
