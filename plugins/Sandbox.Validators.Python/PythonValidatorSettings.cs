namespace Sandbox.Validators.Python;

/// <summary>
/// Settings of the <c>python</c> validator (<c>validators.python</c> in <c>sandbox.json</c>). Module names are dotted;
/// an entry covers its submodules (<c>os</c> covers <c>os.path</c>). Call names are qualified (<c>os.system</c>, or a bare
/// builtin such as <c>open</c>) and may end in <c>*</c> (<c>subprocess.*</c>).
/// </summary>
public sealed class PythonValidatorSettings
{
    /// <summary>Start from the built-in deny-list (see <see cref="Analysis.DangerCatalog.DefaultDeniedModules"/>). Default true.</summary>
    public bool DefaultDeny { get; set; } = true;

    /// <summary>More modules to deny.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>When not empty, allow-list mode: only these modules may be imported and the deny-list is not consulted.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Allow every import (dangerous calls, dynamic imports and introspection are still reported).</summary>
    public bool AllowAll { get; set; }

    /// <summary>Calls and members not to report, e.g. <c>open</c> or <c>os.kill</c>.</summary>
    public List<string> AllowCalls { get; set; } = [];

    /// <summary>More calls and members to report, e.g. <c>requests.get</c> or <c>numpy.load</c>.</summary>
    public List<string> DenyCalls { get; set; } = [];

    /// <summary>Severity per rule id: <c>error</c>, <c>warning</c>, <c>info</c> or <c>none</c> (turns the rule off).</summary>
    public Dictionary<string, string> Severity { get; set; } = [];
}
