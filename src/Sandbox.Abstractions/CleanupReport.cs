namespace Sandbox.Abstractions;

/// <summary>What an orphan sweep found and did.</summary>
/// <param name="Found">Sandboxes labelled as the framework's whose owner process is gone.</param>
/// <param name="Removed">How many of them were removed.</param>
/// <param name="Failed">How many could not be removed.</param>
public sealed record CleanupReport(int Found, int Removed, int Failed)
{
    /// <summary>Nothing found.</summary>
    public static CleanupReport Empty { get; } = new(0, 0, 0);

    /// <summary>Messages for the sandboxes that could not be removed.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Adds two reports.</summary>
    public static CleanupReport operator +(CleanupReport a, CleanupReport b) =>
        new(a.Found + b.Found, a.Removed + b.Removed, a.Failed + b.Failed) { Errors = [.. a.Errors, .. b.Errors] };
}
