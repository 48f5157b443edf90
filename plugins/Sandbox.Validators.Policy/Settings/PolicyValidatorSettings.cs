namespace Sandbox.Validators.Policy;

/// <summary>
/// Settings of the <c>policy</c> validator (<c>validators.policy</c> in <c>sandbox.json</c>). Absent settings are the
/// strict choice: no network, no host mounts, no added capabilities, no root, no privileged mode (never allowed).
/// </summary>
public sealed class PolicyValidatorSettings
{
    /// <summary>Largest limits a request may ask for; unset ceilings are not checked.</summary>
    public CeilingSettings Ceilings { get; set; } = new();

    /// <summary>Image patterns (<c>*</c> within a path segment, <c>**</c> across, <c>?</c> one character); a pattern without a tag allows every tag. Absent: any image.</summary>
    public List<string>? AllowImages { get; set; }

    /// <summary>Host paths that may be mounted read-only, with everything below them. Default: none.</summary>
    public List<string> AllowMounts { get; set; } = [];

    /// <summary>The most network access a request may have: <c>none</c> (default), <c>bridge</c> or <c>host</c>.</summary>
    public string AllowNetwork { get; set; } = "none";

    /// <summary>Capabilities a request may add (with or without the <c>CAP_</c> prefix). Default: none.</summary>
    public List<string> AllowCapabilities { get; set; } = [];

    /// <summary>Whether the command may run as root. Default: false.</summary>
    public bool AllowRoot { get; set; }

    /// <summary>Executors that may run requests. Absent: any.</summary>
    public List<string>? AllowExecutors { get; set; }

    /// <summary>
    /// Other SBX weakenings the policy accepts: <c>SBX0004</c> (writable root), <c>SBX0005</c>-<c>SBX0007</c> (no memory,
    /// timeout or pids limit, when no ceiling is set), <c>SBX0010</c> (unconfined), <c>SBX0016</c> (weaker isolation),
    /// <c>SBX0017</c> (capabilities not dropped), <c>SBX0018</c> (no-new-privileges off).
    /// </summary>
    public List<string> Permit { get; set; } = [];
}
