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
    [InlineData("""{"command": 5}""", "$.command: expected an array (each a string)")]
    [InlineData("""{"command": ["ls", 5]}""", "$.command[1]: expected a string")]
    [InlineData("""{"files": [{"path": "a", "mode": "rw"}]}""", "$.files[0].mode: expected a whole number")]
    [InlineData("""{"env": {"A B": 1}}""", "$.env['A B']: expected a string")]
    [InlineData("""{"cpus": "two"}""", "$.cpus: expected a number")]
    [InlineData("""{"validate": "yes"}""", "$.validate: expected true or false")]
    [InlineData("""{"kind": "compiler"}""", "$.kind: expected one of executor, validator")]
    [InlineData("""{"files": {}}""", "$.files: expected an array (each an object)")]
    [InlineData("""{"env": []}""", "$.env: expected an object (each member a string)")]
    [InlineData("""{"comand": []}""", "$.comand: unknown member")]
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

        Assert.StartsWith("Expected depth to be zero at the end of the JSON payload.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
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
}
