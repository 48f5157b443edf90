using Sandbox.Abstractions;

namespace Sandbox.TestPlugins;

/// <summary>Rejects any request whose command or sources contain the word "forbidden".</summary>
public sealed class KeywordValidator : IValidator
{
    /// <inheritdoc />
    public string Name => "keyword";

    /// <inheritdoc />
    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default)
    {
        var findings = new List<ValidationFinding>();
        if (context.Request.Command.Any(a => a.Contains("forbidden", StringComparison.Ordinal)))
            findings.Add(new ValidationFinding("KW0001", FindingSeverity.Error, "the command contains a forbidden word"));
        foreach (var source in context.Sources)
        {
            var index = source.Text.IndexOf("forbidden", StringComparison.Ordinal);
            if (index >= 0) findings.Add(new ValidationFinding("KW0002", FindingSeverity.Error, "the code contains a forbidden word") { Path = source.Path, Line = 1, Column = index + 1 });
        }

        return Task.FromResult<IReadOnlyList<ValidationFinding>>(findings);
    }
}
