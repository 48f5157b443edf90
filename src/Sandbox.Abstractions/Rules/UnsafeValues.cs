// Compiled into Sandbox.Abstractions and linked as source into Sandbox.Analyzers (netstandard2.0): the value tests
// every SBX surface shares, so the runtime inspector, sandbox.json checks and the C# analyzers never disagree.
using System;

namespace Sandbox.Abstractions.Rules
{
    /// <summary>Tests for setting values that weaken a sandbox.</summary>
#if SANDBOX_RULES_INTERNAL
    internal
#else
    public
#endif
    static class UnsafeValues
    {
        /// <summary>Whether <paramref name="hostPath"/> is a container engine's API socket.</summary>
        public static bool IsEngineSocket(string hostPath) =>
            Array.IndexOf(SandboxRules.EngineSockets, hostPath.TrimEnd('/')) >= 0
            || hostPath.EndsWith("/docker.sock", StringComparison.Ordinal)
            || hostPath.EndsWith("/podman.sock", StringComparison.Ordinal);

        /// <summary>Whether <paramref name="capability"/> (with or without <c>CAP_</c>, any case) is a known escape primitive.</summary>
        public static bool IsDangerousCapability(string capability)
        {
            var name = capability.Trim().ToUpperInvariant();
            if (name.StartsWith("CAP_", StringComparison.Ordinal)) name = name.Substring(4);
            return Array.IndexOf(SandboxRules.DangerousCapabilities, name) >= 0;
        }

        /// <summary>Whether <paramref name="user"/> (<c>uid</c> or <c>uid:gid</c>) names root.</summary>
        public static bool IsRootUser(string user) =>
            user == "0" || user == "root"
            || user.StartsWith("0:", StringComparison.Ordinal) || user.StartsWith("root:", StringComparison.Ordinal);

        /// <summary>Whether a seccomp or AppArmor profile name turns confinement off.</summary>
        public static bool IsUnconfined(string? profile) =>
            string.Equals(profile, "unconfined", StringComparison.OrdinalIgnoreCase);
    }
}
