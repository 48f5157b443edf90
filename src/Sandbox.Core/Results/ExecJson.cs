using System.Text.Json;
using Sandbox.Core.Harness;

namespace Sandbox.Core.Results;

/// <summary>The documented JSON shape of a <see cref="HarnessResult"/>: what <c>sandbox exec --json</c> prints and <c>POST /v1/exec</c> returns.</summary>
public static class ExecJson
{
    /// <summary>The serializable shape of <paramref name="result"/>; see <see cref="ResultJson.ToDocument(Abstractions.ExecutionResult, IReadOnlyDictionary{string, string}?, long)"/> for <paramref name="inlineFileBytes"/>.</summary>
    public static ExecDocument ToDocument(HarnessResult result, long inlineFileBytes = 0) =>
        new(result.Ok, result.Result, result.Error, ResultJson.ToDocument(result.Execution, inlineFileBytes: inlineFileBytes));

    /// <summary>Serializes <paramref name="result"/> as <c>sandbox exec --json</c> prints it.</summary>
    public static string Serialize(HarnessResult result) => JsonSerializer.Serialize(ToDocument(result), ResultJson.TypeInfo<ExecDocument>());

    /// <summary>The JSON object of <c>sandbox exec --json</c>.</summary>
    /// <param name="Ok">Whether the code returned a result.</param>
    /// <param name="Result">The code's return value.</param>
    /// <param name="Error">What the code raised.</param>
    /// <param name="Execution">The run of the harness, as <c>sandbox run --json</c> prints it.</param>
    public sealed record ExecDocument(bool Ok, JsonElement? Result, HarnessError? Error, ResultJson.ResultDocument Execution);
}
