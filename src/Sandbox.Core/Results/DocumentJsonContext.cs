using System.Text.Json.Serialization;

namespace Sandbox.Core.Results;

/// <summary>
/// Generated serializers for the documents the CLI prints and the server sends, first in
/// <see cref="ResultJson.SerializerOptions"/>'s resolver chain: reflection-based metadata for these graphs costs a CLI
/// process a few hundred milliseconds of start-up (Reflection.Emit and JIT) on every run.
/// </summary>
[JsonSerializable(typeof(ResultJson.ResultDocument))]
[JsonSerializable(typeof(ExecJson.ExecDocument))]
[JsonSerializable(typeof(SessionJson.TestDocument))]
[JsonSerializable(typeof(SessionJson.BuildDocument))]
[JsonSerializable(typeof(SessionJson.StatsDocument), TypeInfoPropertyName = "SessionStatsDocument")]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
