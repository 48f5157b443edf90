namespace Sandbox.Abstractions.Json;

/// <summary>What is wrong in a JSON document, and where (see <see cref="JsonErrorText.Explain"/>).</summary>
/// <param name="Path">The member, as the document spells it (<c>files[0].mode</c>); <c>null</c> for the document itself.</param>
/// <param name="Text">What was expected there, or the reader's own words for malformed JSON.</param>
public sealed record JsonProblem(string? Path, string Text)
{
    /// <summary>The same problem in the document that holds this one at <paramref name="parent"/> (<c>executors.docker</c>).</summary>
    public JsonProblem Under(string parent) => this with { Path = Join(parent, Path) };

    /// <summary><c>files[0].mode: expected a whole number</c>, or the text alone for the document itself.</summary>
    public override string ToString() => Path is null ? Text : $"{Path}: {Text}";

    /// <summary>The path of <paramref name="member"/> below <paramref name="parent"/>: <c>network.allow</c>, <c>network[0]</c>.</summary>
    public static string Join(string parent, string? member) =>
        member is null or "" ? parent : member.StartsWith('[') ? parent + member : $"{parent}.{member}";
}
