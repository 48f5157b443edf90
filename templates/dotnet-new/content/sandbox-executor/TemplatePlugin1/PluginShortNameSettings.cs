namespace TemplatePlugin1;

/// <summary>The executor's settings: the <c>executors.plugin-name</c> section of <c>sandbox.json</c> (camelCase keys).</summary>
public sealed class PluginShortNameSettings
{
    /// <summary>Where run directories are created; defaults to <c>$TMPDIR/sandbox-plugin-name</c>.</summary>
    public string? RunRoot { get; set; }
}
