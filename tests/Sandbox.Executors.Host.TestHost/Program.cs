// A host process for the host executor's tests.
//   crash <temp root> <request id> <sleep marker>: prints "started" once the sandboxed command runs, then waits to be killed.
//   run <temp root> <command...>: runs the command and prints the result as JSON.
using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Executors.Host;

if (!OperatingSystem.IsLinux() || args.Length < 3) return 2;
var executor = new HostExecutor(new PluginContext(AppContext.BaseDirectory, JsonSerializer.SerializeToElement(new { tempRoot = args[1] })));
if (args[0] == "crash")
{
    await executor.ExecuteAsync(new ExecutionRequest
    {
        Id = args[2],
        Command = ["sh", "-c", $"echo started; (sleep {args[3]} &); exec sleep {args[3]}"],
        Limits = ResourceLimits.Default with { Timeout = TimeSpan.FromMinutes(5) },
        OnOutput = line => Console.Out.WriteLine(line.Text),
    });
    return 0;
}

var request = ExecutionRequest.For(args[2..]);
var result = await executor.ExecuteAsync(AllowWhatIsMissing(request, executor.Capabilities));
Console.Out.WriteLine(JsonSerializer.Serialize(new
{
    result.ExitCode,
    result.Stdout,
    result.Stderr,
    result.CleanupSucceeded,
    IsolationLevel = result.IsolationLevel.ToString(),
    Features = executor.Capabilities.Features.ToString(),
}));
return 0;

// Accepts weaker isolation only when needed, so the run shows what this host user can enforce.
static ExecutionRequest AllowWhatIsMissing(ExecutionRequest request, ExecutorCapabilities capabilities) =>
    capabilities.Missing(request.RequiredFeatures()) == SandboxFeatures.None ? request : request with { AllowWeakerIsolation = true };
