using Sandbox.Cli;

using var cancellation = new CancellationTokenSource();
// First Ctrl+C cancels gracefully (the sandbox is killed and removed); the runtime's own handler is not used
// because it would exit before cleanup finishes.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await SandboxCli.InvokeAsync(args, CliConsole.System, cancellation.Token);
