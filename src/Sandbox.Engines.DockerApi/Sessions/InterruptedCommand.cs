using System.Diagnostics;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// A session command whose engine stopped answering in its middle (issue 12): instead of an exception that names
/// nothing, the command waits for the engine (<see cref="ContainerEngineSettings.EngineRestartWaitSeconds"/>) and
/// returns a result that names the session's sandbox, says whether it still runs, and reports
/// <see cref="ExecutionResult.CleanupSucceeded"/> false while the command's processes may still run in it.
/// </summary>
internal static class InterruptedCommand
{
    /// <summary>Runs <paramref name="command"/>; when the engine goes away meanwhile, the result says what is known.</summary>
    public static async Task<ExecutionResult> RunAsync(SessionContext context, Func<CancellationToken, Task<ExecutionResult>> command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await command(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException) when (!cancellationToken.IsCancellationRequested)
        {
            var outage = new EngineOutage(context.Client, context.Settings.EngineRestartWait);
            var (state, mayRemain) = await outage.WaitAsync(context.ContainerId, cancellationToken).ConfigureAwait(false)
                ? await DescribeAsync(context, cancellationToken).ConfigureAwait(false)
                : ($"the command's processes may still run in session {context.SessionId}", true);
            var engine = context.Client.Dialect.Name;
            var message = $"The {engine} engine at {context.Client.Endpoint} stopped answering during the command and {outage.Description}, "
                          + $"so how the command ended is unknown; {state}.";
            return new ExecutionResult
            {
                Executor = context.Executor,
                IsolationLevel = IsolationLevel.Container,
                WeakenedFeatures = context.Weakened,
                SandboxId = context.ContainerId,
                Duration = Stopwatch.GetElapsedTime(started),
                Error = new ExecutionError(ErrorKind.EngineUnavailable, message),
                CleanupSucceeded = !mayRemain,
            };
        }
    }

    // What became of the session; whether the command's processes may still run in it.
    private static async Task<(string State, bool MayRemain)> DescribeAsync(SessionContext context, CancellationToken cancellationToken)
    {
        var session = context.SessionId;
        try
        {
            var inspect = await context.Client.CallAsync("inspect the session", ct => context.Client.Api.Containers.InspectContainerAsync(context.ContainerId, ct), cancellationToken).ConfigureAwait(false);
            return inspect.State.Running
                ? ($"session {session} still runs, and the command's processes may too", true)
                : ($"session {session} has stopped ({inspect.State.Status}): remove it (`sandbox session rm {session}`) and start a new one", false);
        }
        catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
        {
            return ($"session {session} is gone", false);
        }
        catch (SandboxException ex)
        {
            return ($"the state of session {session} is unknown ({ex.Message})", true);
        }
    }
}
