using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi;

// usage: Sandbox.Engines.DockerApi.OrphanMaker <docker|podman> <image>
if (args.Length != 2 || args[0] is not ("docker" or "podman"))
{
    Console.Error.WriteLine("usage: Sandbox.Engines.DockerApi.OrphanMaker <docker|podman> <image>");
    return 2;
}

var dialect = args[0] == "podman" ? EngineDialect.Podman : EngineDialect.Docker;
using var engine = new ContainerEngine(dialect, new ContainerEngineSettings { DefaultImage = args[1], SweepOrphansOnStart = false });
var request = ExecutionRequest.For("sh", "-c", "echo ready; sleep 600") with
{
    Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromMinutes(15) },
    OnOutput = line => Console.WriteLine(line.Text),
};
var result = await engine.RunAsync(request, dialect.Name);
Console.WriteLine($"exited {result.ExitCode}");
return 0;
