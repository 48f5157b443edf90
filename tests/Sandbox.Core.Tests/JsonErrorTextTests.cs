using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Abstractions.Json;

namespace Sandbox.Core.Tests;

/// <summary>A document that cannot be read is described in JSON's terms: where, and what was expected there.</summary>
public sealed class JsonErrorTextTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    [Theory]
    [InlineData("""{"command": 5}""", "command: expected an array (each a string)")]
    [InlineData("""{"command": ["ls", 5]}""", "command[1]: expected a string")]
    [InlineData("""{"files": [{"path": "a", "mode": "rw"}]}""", "files[0].mode: expected a whole number")]
    [InlineData("""{"env": {"A B": 1}}""", "env['A B']: expected a string")]
    [InlineData("""{"cpus": "two"}""", "cpus: expected a number")]
    [InlineData("""{"validate": "yes"}""", "validate: expected true or false")]
    [InlineData("""{"kind": "compiler"}""", "kind: expected one of executor, validator")]
    [InlineData("""{"files": {}}""", "files: expected an array (each an object)")]
    [InlineData("""{"env": []}""", "env: expected an object (each member a string)")]
    [InlineData("""{"comand": []}""", "comand: unknown member; expected one of command, files, env, cpus, validate, kind")]
    [InlineData("""{"files": [{"path": "a", "mdoe": 1}]}""", "files[0].mdoe: unknown member; expected one of path, mode")]
    public void A_value_of_the_wrong_kind_says_where_and_what_was_expected_without_dotnet_type_names(string json, string expected)
    {
        var text = Describe(json);

        Assert.Equal(expected, text);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_of_the_wrong_kind_says_what_the_document_is()
    {
        Assert.Equal("expected an object", Describe("[]"));
    }

    [Fact]
    public void Malformed_json_keeps_the_readers_words_without_its_position_suffix()
    {
        var text = Describe("""{"command": ["ls"] """);

        Assert.StartsWith("not valid JSON: Expected depth to be zero at the end of the JSON payload.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_has_no_member_path_where_the_reader_merely_stopped()
    {
        var type = Options.GetTypeInfo(typeof(Body));
        var failure = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"command": ["ls" """, type));

        var problem = JsonErrorText.Explain(failure, type);

        Assert.Null(problem.Path);
        Assert.StartsWith("not valid JSON: ", problem.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tags": 5}""", "tags: expected one of a or an object")]
    [InlineData("""{"tags": {"allow": 5}}""", "tags.allow: expected an array (each a string)")]
    [InlineData("""{"tags": {"allow": ["x", 1]}}""", "tags.allow[1]: expected a string")]
    [InlineData("""{"tags": {"deny": []}}""", "tags.deny: unknown member; expected one of allow")]
    public void A_converter_names_the_member_below_its_value_and_the_paths_are_joined(string json, string expected)
    {
        var type = Options.GetTypeInfo(typeof(Tagged));

        Assert.Equal(expected, JsonErrorText.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, type)), type));
    }

    private static string Describe(string json)
    {
        var type = Options.GetTypeInfo(typeof(Body));
        var failure = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, type));
        return JsonErrorText.Describe(failure, type);
    }

    private enum Kind
    {
        Executor,
        Validator,
    }

    private sealed record Body(List<string>? Command, List<FileEntry>? Files, Dictionary<string, string>? Env, double? Cpus, bool Validate, Kind Kind);

    private sealed record FileEntry(string Path, int? Mode);

    private sealed record Tagged([property: JsonConverter(typeof(TagsConverter))] List<string>? Tags);

    // Reads "a" or {"allow": [strings]}, as the server's network member is read.
    private sealed class TagsConverter : JsonConverter<List<string>>
    {
        public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return [reader.GetString()!];
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected {JsonKindWords.OneOf(["a"])} or {JsonKindWords.Object}");
            var tags = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name != "allow") throw new JsonMemberException(name, JsonKindWords.UnknownMember(["allow"]));
                if (reader.TokenType != JsonTokenType.StartArray) throw new JsonMemberException(name, $"expected {JsonKindWords.ArrayOf(JsonKindWords.String)}");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    tags.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonMemberException($"{name}[{tags.Count}]", $"expected {JsonKindWords.String}"));
            }

            return tags;
        }

        public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options) => throw new NotSupportedException();
    }
}
