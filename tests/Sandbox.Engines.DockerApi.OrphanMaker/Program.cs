using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi;

// usage: Sandbox.Engines.DockerApi.OrphanMaker <docker|podman> <image> [run|session|egress]
if (args.Length is < 2 or > 3 || args[0] is not ("docker" or "podman") || (args.Length == 3 && args[2] is not ("run" or "session" or "egress")))
{
    Console.Error.WriteLine("usage: Sandbox.Engines.DockerApi.OrphanMaker <docker|podman> <image> [run|session|egress]");
    return 2;
}

var dialect = args[0] == "podman" ? EngineDialect.Podman : EngineDialect.Docker;
using var engine = new ContainerEngine(dialect, new ContainerEngineSettings { DefaultImage = args[1], SweepOrphansOnStart = false });
if (args.Length == 3 && args[2] == "session")
{
    // An owned session, never disposed: the test kills this process while the session runs.
    var session = await engine.CreateSessionAsync(ExecutionRequest.For("unused"), dialect.Name);
    Console.WriteLine("ready");
    await Task.Delay(TimeSpan.FromMinutes(15));
    Console.WriteLine($"still open {session.Id}");
    return 0;
}

var request = ExecutionRequest.For("sh", "-c", "echo ready; sleep 600") with
{
    Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromMinutes(15) },
    OnOutput = line => Console.WriteLine(line.Text),
    // An egress run also leaves its network and host fence behind when killed.
    Egress = args.Length == 3 && args[2] == "egress" ? EgressPolicy.Parse(["allowed.test"], null) : EgressPolicy.None,
};
var result = await engine.RunAsync(request, dialect.Name);
Console.WriteLine($"exited {result.ExitCode}");
return 0;
