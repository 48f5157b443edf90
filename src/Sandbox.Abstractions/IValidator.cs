namespace Sandbox.Abstractions;

/// <summary>
/// Inspects a request, and the source code it will run, before any sandbox exists.
/// Validators never run the code; they report findings and the pipeline rejects the request
/// when any finding has <see cref="FindingSeverity.Error"/>.
/// </summary>
public interface IValidator
{
    /// <summary>Stable name used in configuration and in findings, e.g. <c>python</c> or <c>policy</c>.</summary>
    string Name { get; }

    /// <summary>Returns the findings for <paramref name="context"/>; an empty list means nothing to report.</summary>
    Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ValidationContext context, CancellationToken cancellationToken = default);
}
