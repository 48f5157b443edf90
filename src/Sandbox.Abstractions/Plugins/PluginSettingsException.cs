namespace Sandbox.Abstractions;

/// <summary>
/// A plugin's settings do not fit: they do not match its settings type (<see cref="PluginContext.GetSettings{T}"/>), or
/// the plugin refused a value. The host reports it as a configuration problem of the plugin's section, with the
/// member's path within the configuration (<c>executors.docker.pullPolicy: 'sometimes' is not one of …</c>), rather than
/// as a failure of the plugin.
/// </summary>
public sealed class PluginSettingsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">
    /// The member within the plugin's section, as the JSON spells it (<c>pullPolicy</c>, <c>severity.PY001</c>);
    /// <c>null</c> for the section as a whole.
    /// </param>
    /// <param name="problem">What was expected there, e.g. <c>expected one of missing, never, always</c>.</param>
    /// <param name="innerException">The reader's failure, if any.</param>
    public PluginSettingsException(string? path, string problem, Exception? innerException = null)
        : base($"Invalid plugin settings: {(path is null ? problem : $"{path}: {problem}")}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The member within the plugin's section; <c>null</c> for the section as a whole.</summary>
    public string? Path { get; }

    /// <summary>What was expected there.</summary>
    public string Problem { get; }
}
