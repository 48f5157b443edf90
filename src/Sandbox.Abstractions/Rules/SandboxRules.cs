// Compiled into Sandbox.Abstractions and linked as source into Sandbox.Analyzers (netstandard2.0):
// keep this file free of newer-framework APIs and records. There it is internal (SANDBOX_RULES_INTERNAL), so that
// projects referencing both assemblies see one public catalog.
namespace Sandbox.Abstractions.Rules
{
    /// <summary>The SBX rule catalog: every id in one place. Pages live at <c>docs/rules/SBXnnnn.md</c>.</summary>
#if SANDBOX_RULES_INTERNAL
    internal
#else
    public
#endif
    static class SandboxRules
    {
        /// <summary>Where rule pages are published.</summary>
        public const string HelpBaseUri = "https://github.com/sandbox-framework/sandbox/blob/main/docs/rules/";

        /// <summary>Security rule category.</summary>
        public const string Security = "Security";

        /// <summary>Plugin-author rule category.</summary>
        public const string Reliability = "Reliability";

#pragma warning disable CS1591 // The ids are documented by their rule's title and page.
        public const string PrivilegedId = "SBX0001";
        public const string NetworkEnabledId = "SBX0002";
        public const string HostNetworkId = "SBX0003";
        public const string ReadOnlyRootDisabledId = "SBX0004";
        public const string NoMemoryLimitId = "SBX0005";
        public const string NoTimeoutId = "SBX0006";
        public const string NoPidsLimitId = "SBX0007";
        public const string CapabilityAddedId = "SBX0008";
        public const string DangerousCapabilityAddedId = "SBX0009";
        public const string UnconfinedProfileId = "SBX0010";
        public const string WritableHostMountId = "SBX0011";
        public const string EngineSocketMountedId = "SBX0012";
        public const string RunsAsRootId = "SBX0013";
        public const string ValidationDisabledId = "SBX0014";
        public const string HostFallbackEnabledId = "SBX0015";
        public const string WeakerIsolationAcceptedId = "SBX0016";
        public const string CapabilitiesNotDroppedId = "SBX0017";
        public const string NoNewPrivilegesDisabledId = "SBX0018";
        public const string EgressAllowListId = "SBX0019";
        public const string EgressToAnyHostId = "SBX0020";
        public const string IgnoresCancellationTokenId = "SBX0101";
        public const string BlocksOnAsyncId = "SBX0102";
        public const string PluginNotDiscoverableId = "SBX0103";

        public static readonly SandboxRule Privileged = new SandboxRule(PrivilegedId, "Sandbox runs privileged",
            "{0} runs the sandbox privileged", Security,
            "A privileged container has every capability and every device: it is root on the host. Remove it.");
        public static readonly SandboxRule NetworkEnabled = new SandboxRule(NetworkEnabledId, "Sandbox has network access",
            "{0} gives the sandbox network access", Security,
            "Untrusted code with network access can exfiltrate data or attack other hosts. Keep the network at None unless the workload needs it.");
        public static readonly SandboxRule HostNetwork = new SandboxRule(HostNetworkId, "Sandbox uses the host network",
            "{0} puts the sandbox on the host's network stack", Security,
            "The host network exposes every service listening on the host's loopback, including the engine's own API in some setups.");
        public static readonly SandboxRule ReadOnlyRootDisabled = new SandboxRule(ReadOnlyRootDisabledId, "Root filesystem is writable",
            "{0} makes the sandbox's root filesystem writable", Security,
            "A writable root lets the workload modify binaries and libraries it runs and persist between steps of a session.");
        public static readonly SandboxRule NoMemoryLimit = new SandboxRule(NoMemoryLimitId, "No memory limit",
            "{0} removes the sandbox's memory limit", Security,
            "Without a memory ceiling one run can exhaust the host's memory and trigger the host OOM killer.");
        public static readonly SandboxRule NoTimeout = new SandboxRule(NoTimeoutId, "No timeout",
            "{0} removes the sandbox's timeout", Security,
            "Without a timeout a hung or malicious workload holds its sandbox and resources forever.");
        public static readonly SandboxRule NoPidsLimit = new SandboxRule(NoPidsLimitId, "No process limit",
            "{0} removes the sandbox's process (pids) limit", Security,
            "Without a pids limit a fork bomb exhausts the host's process table.");
        public static readonly SandboxRule CapabilityAdded = new SandboxRule(CapabilityAddedId, "Capability added",
            "{0} adds a Linux capability to the sandbox", Security,
            "Every added capability widens the kernel surface the workload can reach.");
        public static readonly SandboxRule DangerousCapabilityAdded = new SandboxRule(DangerousCapabilityAddedId, "Dangerous capability added",
            "{0} adds a capability that allows escaping the sandbox", Security,
            "SYS_ADMIN, ALL, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH and NET_ADMIN are known container-escape primitives.");
        public static readonly SandboxRule UnconfinedProfile = new SandboxRule(UnconfinedProfileId, "Seccomp or AppArmor unconfined",
            "{0} disables the sandbox's seccomp or AppArmor confinement", Security,
            "Unconfined profiles expose the whole system-call surface, including calls used in known kernel exploits.");
        public static readonly SandboxRule WritableHostMount = new SandboxRule(WritableHostMountId, "Host path mounted writable",
            "{0} mounts a host path writable into the sandbox", Security,
            "A writable host mount lets the workload change files on the host, e.g. plant code that runs outside the sandbox.");
        public static readonly SandboxRule EngineSocketMounted = new SandboxRule(EngineSocketMountedId, "Engine socket mounted",
            "{0} mounts the container engine's socket into the sandbox", Security,
            "Access to docker.sock or podman.sock is root on the host: the workload can start a privileged container.");
        public static readonly SandboxRule RunsAsRoot = new SandboxRule(RunsAsRootId, "Sandbox runs as root",
            "{0} runs the sandboxed command as root", Security,
            "Root inside the sandbox turns any isolation bug into root on the host. Use a non-root user.");
        public static readonly SandboxRule ValidationDisabled = new SandboxRule(ValidationDisabledId, "Validation disabled",
            "{0} disables validation of code and requests", Security,
            "Validators reject dangerous code and requests before a sandbox exists; turning them off removes a layer of defence.");
        public static readonly SandboxRule HostFallbackEnabled = new SandboxRule(HostFallbackEnabledId, "Fallback to the host executor",
            "{0} falls back to running on the host when the container engine is unavailable", Security,
            "When the engine is down the code runs as a host process with far weaker isolation, silently changing the threat model.");
        public static readonly SandboxRule WeakerIsolationAccepted = new SandboxRule(WeakerIsolationAcceptedId, "Weaker isolation accepted",
            "{0} accepts an executor that cannot enforce every requested limit", Security,
            "Limits the executor cannot enforce are skipped instead of refused.");
        public static readonly SandboxRule CapabilitiesNotDropped = new SandboxRule(CapabilitiesNotDroppedId, "Capabilities not dropped",
            "{0} keeps the engine's default capabilities", Security,
            "Default capability sets include CHOWN, SETUID, NET_RAW and others untrusted code does not need.");
        public static readonly SandboxRule NoNewPrivilegesDisabled = new SandboxRule(NoNewPrivilegesDisabledId, "no-new-privileges disabled",
            "{0} allows setuid binaries to raise privileges", Security,
            "Without no_new_privs a setuid binary in the image can turn the non-root user into root.");
        public static readonly SandboxRule IgnoresCancellationToken = new SandboxRule(IgnoresCancellationTokenId, "Executor ignores its CancellationToken",
            "{0} does not pass on or observe its CancellationToken", Reliability,
            "An executor that ignores cancellation cannot kill and remove its sandbox when the caller gives up.");
        public static readonly SandboxRule BlocksOnAsync = new SandboxRule(BlocksOnAsyncId, "Executor blocks on async work",
            "{0} blocks on asynchronous work", Reliability,
            "Blocking with .Result, .Wait() or GetAwaiter().GetResult() in an executor starves the thread pool and defeats cancellation.");
        public static readonly SandboxRule PluginNotDiscoverable = new SandboxRule(PluginNotDiscoverableId, "Plugin type will not be discovered",
            "{0} will not be discovered by the plugin loader", Reliability,
            "Plugin types must be public, non-abstract, non-generic and have a public constructor taking PluginContext or no parameters.");
        public static readonly SandboxRule EgressAllowList = new SandboxRule(EgressAllowListId, "Egress allow-list",
            "{0} lets the sandbox reach a listed host through the egress proxy", Security,
            "An allow-list is a narrow, deliberate opening: reported for information so that reviewers see every host a sandbox can reach; a *.domain wildcard covers all of its subdomains.",
            informational: true);
        public static readonly SandboxRule EgressToAnyHost = new SandboxRule(EgressToAnyHostId, "Egress to any host",
            "{0} lets the sandbox reach any host through the egress proxy", Security,
            "An allow-list entry of * lets untrusted code reach every host on the internet over HTTP(S), which is close to bridge networking: list the hosts the workload needs.");
#pragma warning restore CS1591

        /// <summary>Every rule, in id order.</summary>
        public static readonly SandboxRule[] All =
        {
            Privileged, NetworkEnabled, HostNetwork, ReadOnlyRootDisabled, NoMemoryLimit, NoTimeout, NoPidsLimit,
            CapabilityAdded, DangerousCapabilityAdded, UnconfinedProfile, WritableHostMount, EngineSocketMounted,
            RunsAsRoot, ValidationDisabled, HostFallbackEnabled, WeakerIsolationAccepted, CapabilitiesNotDropped,
            NoNewPrivilegesDisabled, EgressAllowList, EgressToAnyHost, IgnoresCancellationToken, BlocksOnAsync, PluginNotDiscoverable,
        };

        /// <summary>Capabilities that are known container-escape primitives.</summary>
        public static readonly string[] DangerousCapabilities = { "ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "NET_ADMIN", "SYS_RAWIO", "SYS_BOOT" };

        /// <summary>Host paths whose mount gives the workload control of the engine.</summary>
        public static readonly string[] EngineSockets = { "/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock", "/var/run/podman/podman.sock", "/run/containerd/containerd.sock" };

        /// <summary>The rule an egress allow-list entry (as <see cref="EgressSyntax.TryParseHost"/> returns its host) is reported at.</summary>
        public static SandboxRule ForAllowedHost(string host) => host == "*" ? EgressToAnyHost : EgressAllowList;

        /// <summary>How an allow entry is named in messages: wildcards say so, since they cover every subdomain.</summary>
        public static string DescribeAllowedHost(string entry, string host) =>
            host.StartsWith("*.", System.StringComparison.Ordinal) ? entry + ", wildcard" : entry;

        /// <summary>The documentation page of rule <paramref name="id"/>.</summary>
        public static string GetHelpUri(string id) => HelpBaseUri + id + ".md";
    }
}
