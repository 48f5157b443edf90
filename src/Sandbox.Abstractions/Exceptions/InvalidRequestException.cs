namespace Sandbox.Abstractions;

/// <summary>The request is malformed: an empty command, a negative limit, a path that escapes, ...</summary>
public sealed class InvalidRequestException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The offending field, e.g. <c>limits.memory</c> or <c>files[0].path</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidRequestException(string field, string problem)
        : base($"Invalid request: {field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.InvalidRequest;

    /// <summary>The offending field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
