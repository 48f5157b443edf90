using System.Text.Json;

namespace Sandbox.Server.Problems;

/// <summary>
/// An RFC 9457 problem (<c>application/problem+json</c>). <see cref="Type"/> ends with <see cref="Kind"/>, the
/// framework's error kind; <see cref="Result"/> carries the object the CLI's <c>--json</c> prints when a run produced one
/// (e.g. the validation findings of a rejected run).
/// </summary>
/// <param name="Type">A URI naming the kind of problem; ends with <paramref name="Kind"/>.</param>
/// <param name="Title">A short summary of the kind.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What happened and what to do, in one line.</param>
/// <param name="Kind">The framework's error kind (<c>invalidRequest</c>, <c>engineUnavailable</c>, ...).</param>
/// <param name="Result">The run's result document, when there is one.</param>
public sealed record ProblemDocument(string Type, string Title, int Status, string Detail, string Kind,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result = null);
