using System.Text.Json;
using Sandbox.Mcp.Tools;

namespace Sandbox.Mcp.Tests;

public sealed class ToolArgumentCheckTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type": "object", "required": ["command"], "properties": {
          "command": {"type": "array", "items": {"type": "string"}},
          "input": {"default": null},
          "timeout_seconds": {"type": ["integer", "null"], "minimum": 1, "maximum": 2147483647},
          "files": {"type": ["object", "null"], "additionalProperties": {"type": ["string", "null"]}}}}
        """).RootElement;

    private static string? Check(string arguments) =>
        ToolArgumentCheck.Problem("run", Schema, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments));

    [Theory]
    [InlineData("""{"command": ["true"]}""")]
    [InlineData("""{"command": [], "timeout_seconds": null, "files": null}""")]
    [InlineData("""{"command": ["a"], "timeout_seconds": 5, "files": {"x": "y", "z": null}}""")]
    [InlineData("""{"command": ["a"], "timeout_seconds": 0}""")]
    [InlineData("""{"command": ["a"], "input": [1, {"any": "thing"}]}""")]
    public void Arguments_that_fit_the_schema_pass_and_value_checks_are_left_to_the_tool(string arguments) =>
        Assert.Null(Check(arguments));

    [Theory]
    [InlineData("""{"command": "ls"}""", "command: expected an array (each a string), got the string \"ls\"")]
    [InlineData("""{"command": null}""", "command: expected an array (each a string), got null")]
    [InlineData("""{"command": ["a", true]}""", "command[1]: expected a string, got the boolean true")]
    [InlineData("""{"command": ["a"], "timeout_seconds": 1.5}""", "timeout_seconds: expected a whole number, got the number 1.5")]
    [InlineData("""{"command": ["a"], "timeout_seconds": 3.0}""", "timeout_seconds: expected a whole number, got the number 3.0")]
    [InlineData("""{"command": ["a"], "timeout_seconds": "10"}""", "timeout_seconds: expected a whole number, got the string \"10\"")]
    [InlineData("""{"command": ["a"], "timeout_seconds": 99999999999}""", "timeout_seconds: expected a whole number from 1 to 2147483647, got the number 99999999999")]
    [InlineData("""{"command": ["a"], "files": {"x": 1}}""", "files['x']: expected a string, got the number 1")]
    [InlineData("""{"command": ["a"], "files": ["x"]}""", "files: expected an object (each member a string), got an array")]
    [InlineData("""{"command": ["a"], "timeout": 5}""", "timeout: not an argument of run")]
    [InlineData("""{}""", "command: required")]
    public void A_misfit_names_the_argument_what_it_must_be_and_what_it_was(string arguments, string expected)
    {
        var problem = Check(arguments);

        Assert.NotNull(problem);
        Assert.StartsWith("Invalid arguments for run: ", problem);
        Assert.Contains(expected, problem);
        Assert.EndsWith("run takes command (required), input, timeout_seconds, files; nothing ran.", problem);
    }

    [Fact]
    public void Every_misfit_of_a_call_is_listed_at_once()
    {
        var problem = Check("""{"timeout": 5, "files": 3}""");

        Assert.Equal("Invalid arguments for run: files: expected an object (each member a string), got the number 3; "
            + "timeout: not an argument of run; command: required. run takes command (required), input, timeout_seconds, files; nothing ran.", problem);
    }
}
