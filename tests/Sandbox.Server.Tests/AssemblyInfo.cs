// Every test drives real server processes and real engines on a 2-core machine: one at a time keeps them predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Unix sockets, signals and file modes: the server's tests run where the server runs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
