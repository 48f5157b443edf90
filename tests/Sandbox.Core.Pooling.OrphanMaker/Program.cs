using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using Sandbox.Engines.DockerApi;
using Sandbox.Executors.Docker;

// usage: Sandbox.Core.Pooling.OrphanMaker <image> <warm sandboxes>
if (args.Length != 2 || !int.TryParse(args[1], out var warm) || warm < 1)
{
    Console.Error.WriteLine("usage: Sandbox.Core.Pooling.OrphanMaker <image> <warm sandboxes>");
    return 2;
}

using var docker = new DockerExecutor(new ContainerEngineSettings { DefaultImage = args[0], SweepOrphansOnStart = false });
await using var pooled = new PooledExecutor(docker, new PoolOptions { Enabled = true, Default = PoolPolicy.Default with { MinIdle = warm, MaxSize = warm } });
await pooled.WarmAsync(new ExecutionRequest { Image = args[0] });
Console.WriteLine("ready");
await Task.Delay(Timeout.InfiniteTimeSpan);
return 0;
