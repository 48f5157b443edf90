using System.Runtime.Versioning;

// Namespaces, cgroups, rlimits and setpriv are Linux mechanisms: the executor is built for Linux only.
[assembly: SupportedOSPlatform("linux")]
