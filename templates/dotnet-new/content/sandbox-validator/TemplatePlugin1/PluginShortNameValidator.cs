using Sandbox.Abstractions;

namespace TemplatePlugin1;

/// <summary>
/// The <c>plugin-name</c> validator: rejects a request whose code contains a forbidden text, with the file, line and
/// column of each occurrence. Validators run before any sandbox exists and never run the code.
/// </summary>
/// <remarks>Replace <see cref="Inspect"/> with your own checks (a parser, a linter, a policy lookup, ...).</remarks>
public sealed class PluginShortNameValidator : IValidator
{
    /// <summary>The validator's name, used in findings and as its <c>sandbox.json</c> section.</summary>
    public const string ValidatorName = "plugin-name";

    /// <summary>The id of the one rule this validator reports.</summary>
    public const string ForbiddenTextRule = "PLUGINSHORTNAME0001";

    private readonly PluginShortNameSettings _settings;

    /// <summary>Creates the validator from its <c>validators.plugin-name</c> settings.</summary>
    public PluginShortNameValidator(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _settings = context.GetSettings<PluginShortNameSettings>();
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<ValidationFinding>();
        foreach (var source in context.Sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            findings.AddRange(Inspect(source));
        }

        return Task.FromResult<IReadOnlyList<ValidationFinding>>(findings);
    }

    private IEnumerable<ValidationFinding> Inspect(SourceDocument source)
    {
        var lines = source.Text.Split('\n');
        for (var line = 0; line < lines.Length; line++)
        {
            foreach (var forbidden in _settings.Forbidden)
            {
                var column = lines[line].IndexOf(forbidden, StringComparison.Ordinal);
                if (column < 0) continue;
                yield return new ValidationFinding(ForbiddenTextRule, FindingSeverity.Error, $"'{forbidden}' is not allowed")
                {
                    Path = source.Path,
                    Line = line + 1,
                    Column = column + 1,
                };
            }
        }
    }
}
