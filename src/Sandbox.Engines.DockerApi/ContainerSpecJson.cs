using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Docker.DotNet.Models;
using Sandbox.Toolkit.Json;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The body of a container create, written as Docker.DotNet would write it but from generated metadata: its own
/// serializer builds a reflection contract for the whole model on first use, the largest share of a CLI run's start.
/// The model's wire names and omissions come from its data-contract attributes (<c>[DataMember(Name,
/// EmitDefaultValue = false)]</c>, members without one are not sent), its converters are matched one by one, and
/// anything this does not know how to write fails instead of being sent differently. A test compares the JSON with
/// what Docker.DotNet sends for every shape of spec the layer renders.
/// </summary>
internal static class ContainerSpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = DockerModelJson.Default.WithAddedModifier(FollowDataContract),
        // Labels, environment and commands are sent as they are, like Docker.DotNet does.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON body of <c>POST /containers/create</c> for <paramref name="spec"/>.</summary>
    public static byte[] Serialize(CreateContainerParameters spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, (JsonTypeInfo<CreateContainerParameters>)Options.GetTypeInfo(typeof(CreateContainerParameters)));

    /// <summary>
    /// Builds the contract of every type the body can hold (tens of milliseconds of reflection over the model's
    /// attributes), so that a caller can do it while it waits for something else.
    /// </summary>
    public static void Prepare() => JsonContracts.Prepare(Options, typeof(CreateContainerParameters));

    private static void FollowDataContract(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var contract = type.Type.GetCustomAttribute<DataContractAttribute>() is not null;
        foreach (var property in type.Properties)
        {
            var member = property.AttributeProvider as PropertyInfo ?? type.Type.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new NotSupportedException($"{type.Type.Name}.{property.Name}: no such property to read its data contract from");
            var dataMember = member.GetCustomAttribute<DataMemberAttribute>();
            if (contract && dataMember is null)
            {
                // Not part of the body (the container name travels in the query string).
                property.ShouldSerialize = static (_, _) => false;
                continue;
            }

            if (dataMember?.Name is { } name) property.Name = name;
            if (dataMember is { EmitDefaultValue: false })
            {
                var empty = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null ? Activator.CreateInstance(property.PropertyType) : null;
                property.ShouldSerialize = (_, value) => !Equals(value, empty);
            }

            property.CustomConverter = ConverterFor(member);
        }
    }

    // Docker.DotNet's per-member converters, and its global enum-as-string one, written the same way.
    private static JsonConverter? ConverterFor(PropertyInfo member)
    {
        var declared = member.GetCustomAttributes().FirstOrDefault(a => a.GetType().FullName == "Newtonsoft.Json.JsonConverterAttribute");
        var converterType = (declared?.GetType().GetProperty("ConverterType")?.GetValue(declared) as Type)?.Name;
        var valueType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
        return converterType switch
        {
            null when valueType == typeof(RestartPolicyKind) => new RestartPolicyKindJson(),
            null when valueType.IsEnum => throw new NotSupportedException($"{member.DeclaringType?.Name}.{member.Name}: enum {valueType.Name} has no known wire form"),
            null when valueType == typeof(TimeSpan) || valueType == typeof(DateTime) => throw new NotSupportedException($"{member.DeclaringType?.Name}.{member.Name}: {valueType.Name} has no known wire form"),
            null => null,
            "TimeSpanSecondsConverter" => TimeSpanJson.For(member.PropertyType, TimeSpan.TicksPerSecond),
            "TimeSpanNanosecondsConverter" => TimeSpanJson.For(member.PropertyType, TimeSpan.TicksPerMillisecond / 1_000_000.0),
            _ => throw new NotSupportedException($"{member.DeclaringType?.Name}.{member.Name}: Docker.DotNet converter {converterType} is not matched"),
        };
    }

    /// <summary>A duration as a whole number of units (seconds or nanoseconds), as the engine's API takes it.</summary>
    private sealed class TimeSpanJson(double ticksPerUnit) : JsonConverter<TimeSpan>
    {
        public static JsonConverter For(Type propertyType, double ticksPerUnit) =>
            propertyType == typeof(TimeSpan?) ? new Optional(new TimeSpanJson(ticksPerUnit)) : new TimeSpanJson(ticksPerUnit);

        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks((long)(reader.GetInt64() * ticksPerUnit));

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((long)(value.Ticks / ticksPerUnit));

        private sealed class Optional(TimeSpanJson inner) : JsonConverter<TimeSpan?>
        {
            public override bool HandleNull => true;

            public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader, typeof(TimeSpan), options);

            public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
            {
                if (value is { } duration) inner.Write(writer, duration, options);
                else writer.WriteNullValue();
            }
        }
    }

    /// <summary>A restart policy by its API name (its <c>[EnumMember]</c> value).</summary>
    private sealed class RestartPolicyKindJson : JsonConverter<RestartPolicyKind>
    {
        public override RestartPolicyKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var name = reader.GetString();
            return Enum.GetValues<RestartPolicyKind>().First(v => NameOf(v) == name);
        }

        public override void Write(Utf8JsonWriter writer, RestartPolicyKind value, JsonSerializerOptions options) => writer.WriteStringValue(NameOf(value));

        private static string NameOf(RestartPolicyKind value) =>
            typeof(RestartPolicyKind).GetField(value.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();
    }
}

/// <summary>Generated metadata for the create body's model.</summary>
[JsonSerializable(typeof(CreateContainerParameters))]
internal sealed partial class DockerModelJson : JsonSerializerContext;
