// Usage: CrashHost <temp root> <request id> <sleep marker>
// Prints "started" once the sandboxed command runs, then waits until it is killed.
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Executors.Host;

if (!OperatingSystem.IsLinux()) return 2;

var executor = new HostExecutor(new PluginContext(AppContext.BaseDirectory, JsonSerializer.SerializeToElement(new { tempRoot = args[0] })));
var request = new ExecutionRequest
{
    Id = args[1],
    Command = ["sh", "-c", $"echo started; (sleep {args[2]} &); exec sleep {args[2]}"],
    Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromMinutes(5) },
    OnOutput = line => Console.Out.WriteLine(line.Text),
};
Console.Out.Flush();
await executor.ExecuteAsync(request);
return 0;
