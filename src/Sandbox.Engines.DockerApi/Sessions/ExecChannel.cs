using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>The engine's exec API as a session uses it: create, attach, read the exit code, and short helper commands.</summary>
internal sealed class ExecChannel(SessionContext session)
{
    private const long HelperOutputBytes = 64 * 1024;
    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ExitPollLimit = TimeSpan.FromSeconds(5);

    private EngineClient Client => session.Client;

    /// <summary>Creates (does not start) an exec of <paramref name="argv"/> as the session's user.</summary>
    public async Task<string> CreateAsync(IReadOnlyList<string> argv, string workingDirectory, IEnumerable<string> environment, bool attachStdin, CancellationToken cancellationToken)
    {
        var parameters = new ContainerExecCreateParameters
        {
            Cmd = [.. argv],
            User = session.Spec.Security.User,
            WorkingDir = workingDirectory,
            Env = [.. environment],
            AttachStdin = attachStdin,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
        };
        try
        {
            var created = await Client.CallAsync("run a command in the session", ct => Client.Api.Exec.ExecCreateContainerAsync(session.ContainerId, parameters, ct), cancellationToken).ConfigureAwait(false);
            return created.ID;
        }
        catch (EngineApiException ex) when (EngineErrors.IsConflict(ex) || EngineErrors.IsNotFound(ex))
        {
            throw new EngineApiException("run a command in the session", ex.StatusCode,
                $"session {session.SessionId} is not running ({ex.EngineMessage}); it expired or was removed, or its image lacks /bin/sh and sleep. Create a new session.", ex);
        }
    }

    /// <summary>Starts the exec and attaches to its streams.</summary>
    public Task<MultiplexedStream> StartAsync(string execId, CancellationToken cancellationToken) =>
        Client.CallAsync("start the command", ct => Client.Api.Exec.StartAndAttachContainerExecAsync(execId, tty: false, ct), cancellationToken);

    /// <summary>
    /// The exit code once the exec's process has ended. Its streams close when it ends, but the engine may report it as
    /// running a moment longer; <c>null</c> when it still runs after a few seconds, or the engine forgot it (Podman
    /// drops exec records when the container restarts).
    /// </summary>
    public async Task<int?> ExitCodeAsync(string execId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + ExitPollLimit;
        while (true)
        {
            ContainerExecInspectResponse inspect;
            try
            {
                inspect = await Client.CallAsync("inspect the command", ct => Client.Api.Exec.InspectContainerExecAsync(execId, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
            {
                return null;
            }

            if (!inspect.Running) return (int)inspect.ExitCode;
            if (DateTimeOffset.UtcNow > deadline) return null;
            await Task.Delay(ExitPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one of the framework's short helper scripts to completion (bounded by the API timeout).</summary>
    public async Task<(int? ExitCode, string Stdout, string Stderr)> RunHelperAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Client.ApiTimeout);
        try
        {
            var id = await CreateAsync(argv, "/", [], attachStdin: false, deadline.Token).ConfigureAwait(false);
            using var stream = await StartAsync(id, deadline.Token).ConfigureAwait(false);
            var pump = new OutputPump(stream, HelperOutputBytes, onOutput: null);
            await pump.RunAsync(deadline.Token).ConfigureAwait(false);
            return (await ExitCodeAsync(id, deadline.Token).ConfigureAwait(false), pump.Stdout.GetText(), pump.Stderr.GetText());
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineApiException("run a helper command in the session", null, $"no answer within {Client.ApiTimeout.TotalSeconds:0} s", ex);
        }
    }
}
