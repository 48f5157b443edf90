namespace Sandbox.Abstractions;

/// <summary>
/// A host path mounted into the sandbox. Not used by default; writable mounts and the engine socket are
/// flagged as dangerous by every SBX surface, and the policy validator can forbid them.
/// </summary>
/// <param name="HostPath">Absolute path on the host.</param>
/// <param name="SandboxPath">Absolute path inside the sandbox.</param>
/// <param name="ReadOnly">Mount read-only (the default).</param>
public sealed record HostMount(string HostPath, string SandboxPath, bool ReadOnly = true);
