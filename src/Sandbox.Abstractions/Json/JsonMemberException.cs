using System.Text.Json;

namespace Sandbox.Abstractions.Json;

/// <summary>
/// A custom converter's complaint about a member inside the value it reads: the serializer's path stops at the value
/// itself (<c>network</c>), so the converter names the rest (<c>allow[1]</c>) and <see cref="JsonErrorText"/> joins them
/// (<c>network.allow[1]: expected a string</c>).
/// </summary>
public sealed class JsonMemberException : JsonException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="member">The member below the converter's value, as the document spells it (<c>allow</c>, <c>allow[1]</c>).</param>
    /// <param name="problem">What was expected there, in <see cref="JsonKindWords"/>' words.</param>
    public JsonMemberException(string member, string problem)
        : base(problem) => Member = member;

    /// <summary>The member below the converter's value.</summary>
    public string Member { get; }
}
