namespace Sandbox.Abstractions;

/// <summary>
/// A plugin's settings do not fit its settings type (<see cref="PluginContext.GetSettings{T}"/>). The host reports it
/// as a configuration problem of the plugin's section, in JSON's terms, rather than as a failure of the plugin.
/// </summary>
public sealed class PluginSettingsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">Where in the section and what was expected there, e.g. <c>$.pullPolicy: expected one of missing, never, always</c>.</param>
    /// <param name="innerException">The reader's failure.</param>
    public PluginSettingsException(string problem, Exception? innerException = null)
        : base($"Invalid plugin settings: {problem}", innerException) => Problem = problem;

    /// <summary>Where in the section and what was expected there.</summary>
    public string Problem { get; }
}
