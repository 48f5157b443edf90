namespace Sandbox.Abstractions;

/// <summary>
/// The executor cannot enforce something the request demands. Raised instead of silently running with weaker
/// isolation; the caller may opt in with <see cref="ExecutionRequest.AllowWeakerIsolation"/>.
/// </summary>
public sealed class CapabilityNotSupportedException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="executor">The executor's name.</param>
    /// <param name="missing">The demanded features it cannot enforce.</param>
    /// <param name="reasons">Why, per feature, when known.</param>
    public CapabilityNotSupportedException(string executor, SandboxFeatures missing, IReadOnlyDictionary<SandboxFeatures, string>? reasons = null)
        : base(BuildMessage(executor, missing, reasons))
    {
        Executor = executor;
        Missing = missing;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.CapabilityUnsupported;

    /// <summary>The executor's name.</summary>
    public string Executor { get; }

    /// <summary>The demanded features it cannot enforce.</summary>
    public SandboxFeatures Missing { get; }

    private static string BuildMessage(string executor, SandboxFeatures missing, IReadOnlyDictionary<SandboxFeatures, string>? reasons)
    {
        var parts = SandboxFeatureNames.Split(missing)
            .Select(f => reasons is not null && reasons.TryGetValue(f, out var why) ? $"{SandboxFeatureNames.Describe(f)} ({why})" : SandboxFeatureNames.Describe(f));
        return $"Executor '{executor}' cannot enforce: {string.Join("; ", parts)}. " +
               "Use an executor that can (e.g. --executor docker), relax the request, or accept weaker isolation explicitly (--allow-weaker-isolation).";
    }
}
