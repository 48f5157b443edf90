using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions;
using Sandbox.Core.Harness;
using Sandbox.Core.Plugins;
using Sandbox.Core.Results;
using Sandbox.Core.Sessions;
using Sandbox.Server.Problems;

namespace Sandbox.Server.Contracts;

/// <summary>
/// Source-generated serializers for every body and document of the API, used with the CLI's settings
/// (<see cref="ResultJson.SerializerOptions"/>) so a result reads the same from the server as from <c>--json</c>.
/// </summary>
[JsonSerializable(typeof(RunBody))]
[JsonSerializable(typeof(ExecBody))]
[JsonSerializable(typeof(SessionBody))]
[JsonSerializable(typeof(SessionExecBody))]
[JsonSerializable(typeof(SessionFilesBody))]
[JsonSerializable(typeof(SessionReportBody))]
[JsonSerializable(typeof(SessionCreated))]
[JsonSerializable(typeof(IReadOnlyList<SessionInfo>))]
[JsonSerializable(typeof(AppliedChanges))]
[JsonSerializable(typeof(ResultJson.ResultDocument))]
[JsonSerializable(typeof(ExecJson.ExecDocument))]
[JsonSerializable(typeof(SessionJson.TestDocument))]
[JsonSerializable(typeof(SessionJson.BuildDocument))]
[JsonSerializable(typeof(SessionJson.StatsDocument), TypeInfoPropertyName = "SessionStatsDocument")]
[JsonSerializable(typeof(TemplateListing))]
[JsonSerializable(typeof(IReadOnlyList<PluginStatus>))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(HealthDocument))]
[JsonSerializable(typeof(LogEventDocument))]
[JsonSerializable(typeof(Federation.NodeLoad))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>The serializer settings of the API.</summary>
internal static class ServerJson
{
    /// <summary>
    /// The generated metadata bound to the CLI's settings; unknown members of a request body are refused (a typo is a
    /// 400, not a silent default).
    /// </summary>
    public static ServerJsonContext Context { get; } = new(new JsonSerializerOptions(ResultJson.SerializerOptions)
    {
        TypeInfoResolver = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });

    /// <summary>The settings of <see cref="Context"/>.</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>Copies the API's settings into <paramref name="target"/> (the minimal APIs' and OpenAPI's options).</summary>
    public static void Apply(JsonSerializerOptions target)
    {
        target.PropertyNamingPolicy = Options.PropertyNamingPolicy;
        target.Encoder = Options.Encoder;
        target.WriteIndented = Options.WriteIndented;
        target.UnmappedMemberHandling = Options.UnmappedMemberHandling;
        foreach (var converter in Options.Converters) target.Converters.Add(converter);
        target.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
    }
}

/// <summary>The answer of <c>/healthz</c> and <c>/readyz</c>.</summary>
/// <param name="Status">ok, or unavailable.</param>
/// <param name="Executors">Per executor, its health summary (readyz only).</param>
/// <param name="Refused">Why every run is refused whatever the engines say, e.g. a validator that did not load (readyz only).</param>
public sealed record HealthDocument(string Status, IReadOnlyDictionary<string, string>? Executors = null, string? Refused = null);
