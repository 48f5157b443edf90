using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Core.Results;

/// <summary>How the documents write enums: as camelCase names ("imageNotFound", "container").</summary>
internal static class EnumNames
{
    /// <summary>
    /// The converter for <typeparamref name="T"/>. Per type rather than the open <see cref="JsonStringEnumConverter"/>,
    /// which makes its converters at run time (code a build compiled ahead of time does not have).
    /// </summary>
    public static JsonConverter CamelCase<T>() where T : struct, Enum => new JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase);
}
