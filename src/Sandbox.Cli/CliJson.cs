using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Core.Results;

namespace Sandbox.Cli;

/// <summary>
/// JSON settings for everything the CLI prints with --json and reads from a server: the documents' own settings
/// (<see cref="ResultJson.SerializerOptions"/>: camelCase, enums as camelCase strings, indented) with the server API's
/// generated metadata, tolerant of members a newer server adds to its answers.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(ResultJson.SerializerOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Sandbox.Server.Contracts.ServerJsonContext.Default, ResultJson.SerializerOptions.TypeInfoResolver!),
    };

    /// <summary>The metadata of <typeparamref name="T"/> (generated for every document; reflection only for the rest).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Serializes <paramref name="value"/> as the CLI prints it.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());
}
