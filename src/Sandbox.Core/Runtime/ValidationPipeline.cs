using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Rules;
using Sandbox.Core.Diagnostics;

namespace Sandbox.Core;

/// <summary>
/// Runs every enabled validator over a request before any sandbox exists, plus the SBX unsafe-settings inspection,
/// and merges their findings into one report.
/// </summary>
internal sealed class ValidationPipeline(IReadOnlyList<IValidator> validators, ILogger logger)
{
    public async Task<ValidationReport> ValidateAsync(ValidationContext context, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = ValidationTelemetry.Start(context);
        var inspected = UnsafeSettingsInspector.Inspect(context.Request);
        var findings = new List<ValidationFinding>();
        foreach (var validator in validators)
        {
            IReadOnlyList<ValidationFinding> found;
            try
            {
                found = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A validator that crashes must not let the request through unchecked: fail closed.
                logger.LogError(ex, "Validator {Validator} failed", validator.Name);
                found = [new ValidationFinding("SBX0000", FindingSeverity.Error, $"validator '{validator.Name}' failed: {ex.Message}")];
            }

            findings.AddRange(found.Select(f => f.Validator.Length == 0 ? f with { Validator = validator.Name } : f));
        }

        // A policy validator may escalate an SBX warning to an error; the escalated finding replaces the warning.
        var reportedByValidators = findings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        return ValidationTelemetry.Completed(activity, context, new ValidationReport
        {
            Findings = [.. inspected.Where(f => !reportedByValidators.Contains(f.RuleId)), .. findings],
            Validators = ["sbx", .. validators.Select(v => v.Name)],
        }, started);
    }
}
