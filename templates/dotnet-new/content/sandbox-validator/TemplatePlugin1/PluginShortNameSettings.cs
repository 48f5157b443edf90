namespace TemplatePlugin1;

/// <summary>The validator's settings: the <c>validators.plugin-name</c> section of <c>sandbox.json</c> (camelCase keys).</summary>
public sealed class PluginShortNameSettings
{
    /// <summary>Texts that reject a request when its code contains them.</summary>
    public IReadOnlyList<string> Forbidden { get; set; } = ["eval("];
}
