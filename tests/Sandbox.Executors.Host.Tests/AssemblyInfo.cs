using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

// Leftover counts look at every run this process owns, so tests must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
