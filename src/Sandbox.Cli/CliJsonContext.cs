using System.Text.Json.Serialization;

namespace Sandbox.Cli;

/// <summary>Generated serializers for what the CLI prints beyond the server API's documents (<see cref="CliJson"/>).</summary>
[JsonSerializable(typeof(ValidateOutput))]
[JsonSerializable(typeof(ValidateConfigOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
