using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Server.Contracts;

namespace Sandbox.Server.Tests;

/// <summary>
/// Every enum in a body or document of the API is written as its name: the settings name one converter per enum type
/// (the CLI compiled ahead of time cannot make them at run time), so a new enum in a document needs its own.
/// </summary>
public sealed class DocumentEnumTests
{
    [Fact]
    public void Every_enum_the_API_documents_hold_is_written_as_a_camelCase_name()
    {
        var roots = typeof(ServerJsonContext).CustomAttributes
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!);
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        foreach (var root in roots) Collect(root, ServerJson.Options, seen, enums);

        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            var value = Enum.GetValues(type).GetValue(0)!;
            var json = JsonSerializer.Serialize(value, ServerJson.Options.GetTypeInfo(type));
            var expected = JsonNamingPolicy.CamelCase.ConvertName(value.ToString()!);
            Assert.True(json == $"\"{expected}\"", $"{type.Name} is written as {json}, not \"{expected}\": add its converter to ResultJson's settings");
        }
    }

    private static void Collect(Type type, JsonSerializerOptions options, HashSet<Type> seen, HashSet<Type> enums)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type)) return;
        if (type.IsEnum)
        {
            enums.Add(type);
            return;
        }

        var info = options.GetTypeInfo(type);
        foreach (var property in info.Properties) Collect(property.PropertyType, options, seen, enums);
        if (info.ElementType is { } element) Collect(element, options, seen, enums);
        if (info.KeyType is { } key) Collect(key, options, seen, enums);
    }
}
