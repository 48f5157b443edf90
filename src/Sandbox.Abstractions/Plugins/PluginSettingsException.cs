using Sandbox.Abstractions.Json;

namespace Sandbox.Abstractions;

/// <summary>
/// A plugin's settings do not fit: they do not match its settings type (<see cref="PluginContext.GetSettings{T}"/>), or
/// the plugin refused values. The host reports it as a configuration problem of the plugin's section, each member named
/// from the configuration's root (<c>executors.docker.pullPolicy: 'sometimes' is not one of …</c>), rather than as a
/// failure of the plugin.
/// </summary>
public sealed class PluginSettingsException : InvalidOperationException
{
    /// <summary>Creates the exception for one problem.</summary>
    /// <param name="path">
    /// The member within the plugin's section, as the JSON spells it (<c>pullPolicy</c>, <c>severity.PY0001</c>);
    /// <c>null</c> for the section as a whole.
    /// </param>
    /// <param name="problem">What was expected there, e.g. <c>expected one of missing, never, always</c>.</param>
    /// <param name="innerException">The reader's failure, if any.</param>
    public PluginSettingsException(string? path, string problem, Exception? innerException = null)
        : this([new JsonProblem(path, problem)], innerException)
    {
    }

    /// <summary>Creates the exception for every problem found, so that one correction fixes them all.</summary>
    /// <param name="problems">Each member within the plugin's section and what was expected there; at least one.</param>
    /// <param name="innerException">The reader's failure, if any.</param>
    public PluginSettingsException(IReadOnlyList<JsonProblem> problems, Exception? innerException = null)
        : base($"Invalid plugin settings: {string.Join("; ", problems ?? [])}", innerException)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0) throw new ArgumentException("At least one problem is needed.", nameof(problems));
        Problems = problems;
    }

    /// <summary>What does not fit, each with its member within the plugin's section.</summary>
    public IReadOnlyList<JsonProblem> Problems { get; }
}
