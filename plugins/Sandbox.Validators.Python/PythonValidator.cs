using Sandbox.Abstractions;
using Sandbox.Validators.Python.Analysis;
using Sandbox.Validators.Python.Configuration;

namespace Sandbox.Validators.Python;

/// <summary>
/// The <c>python</c> validator: statically checks the request's Python sources (language <c>python</c>, <c>python3</c>
/// or <c>py</c>) for deny-listed imports, dynamic imports, dangerous builtins and members, and introspection escapes.
/// It never runs the code. Rule ids are in <see cref="PythonRules"/>; settings in <see cref="PythonValidatorSettings"/>.
/// </summary>
public sealed class PythonValidator : IValidator
{
    /// <summary>The validator's name in configuration and findings.</summary>
    public const string ValidatorName = "python";

    private readonly ValidatorOptions _options;

    /// <summary>Creates the validator from its plugin settings.</summary>
    /// <exception cref="InvalidOperationException">The settings are malformed; the message names every problem.</exception>
    public PythonValidator(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = new ValidatorOptions(context.GetSettings<PythonValidatorSettings>());
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
            if (IsPython(source.Language)) findings.AddRange(Validate(source));
        }

        return Task.FromResult<IReadOnlyList<ValidationFinding>>(findings);
    }

    /// <summary>Validates one source document synchronously (the work is CPU-bound and fast).</summary>
    public IReadOnlyList<ValidationFinding> Validate(SourceDocument source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return SourceAnalyzer.Analyze(source.Text, source.Path, _options);
    }

    private static bool IsPython(string language) =>
        language.Equals("python", StringComparison.OrdinalIgnoreCase) || language.Equals("python3", StringComparison.OrdinalIgnoreCase)
        || language.Equals("py", StringComparison.OrdinalIgnoreCase);
}
