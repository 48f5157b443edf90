using System.Runtime.InteropServices;

namespace Sandbox.Cli;

/// <summary>The <c>sandbox</c> process from start to exit, shared by the managed CLI and the native one.</summary>
internal static class CliProgram
{
    public static async Task<int> MainAsync(string[] args)
    {
        if (SandboxCli.TryAnswerVersion(args, CliConsole.System)) return ExitCodes.Success;

        using var cancellation = new CancellationTokenSource();

        // The first Ctrl+C (SIGINT) or SIGTERM cancels gracefully: the executor kills and removes the sandbox and the CLI
        // exits with 130. SIGTERM matters as much as Ctrl+C: it is what a parent process (the MSBuild task, a CI runner,
        // `timeout`) sends to stop us. A second signal falls through to the default action and terminates at once; the
        // orphan sweep removes whatever that leaves behind. System.CommandLine's own handler is switched off (SandboxCli)
        // because it exits the process two seconds after the signal, cutting a container removal short.
        void CancelGracefully(PosixSignalContext context)
        {
            context.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }

        // Spans and metrics go out over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise OpenTelemetry is not even loaded.
        using var export = Sandbox.Telemetry.OtlpExport.IsConfigured ? Sandbox.Telemetry.OtlpExport.StartFromEnvironment() : null;
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, CancelGracefully);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, CancelGracefully);
        return await SandboxCli.InvokeAsync(args, CliConsole.System, cancellation.Token).ConfigureAwait(false);
    }
}
