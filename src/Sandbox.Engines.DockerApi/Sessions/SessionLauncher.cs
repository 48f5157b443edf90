using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Gate;

namespace Sandbox.Engines.DockerApi.Sessions;

/// <summary>
/// Starts sessions (create → stage the writable directories and files → start the idle init) and reopens existing
/// ones from their labels. A session that fails to start is removed before the failure is reported.
/// </summary>
internal sealed class SessionLauncher(EngineClient client, ContainerEngineSettings settings, string executor, SessionEgress egresses)
{
    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web);

    public Task<ISandboxSession> CreateAsync(ExecutionRequest spec, SandboxFeatures weakened, TimeSpan? timeToLive, CancellationToken cancellationToken) =>
        LaunchAsync(spec, weakened, timeToLive, singleUse: false, cancellationToken);

    /// <summary>
    /// Starts a session whose container waits on stdin for its one command: the framework's gate
    /// (<see cref="SandboxGate"/>) where it can be mounted, else <see cref="SessionScripts.GateCommand"/>.
    /// </summary>
    public Task<ISandboxSession> CreateSingleUseAsync(ExecutionRequest spec, SandboxFeatures weakened, CancellationToken cancellationToken) =>
        LaunchAsync(spec, weakened, timeToLive: null, singleUse: true, cancellationToken);

    private async Task<ISandboxSession> LaunchAsync(ExecutionRequest spec, SandboxFeatures weakened, TimeSpan? timeToLive, bool singleUse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // A pending policy is put in force by the one command of a single-use session; a session would keep refusing all.
        if (spec.Egress.IsPending && !singleUse) throw new InvalidRequestException("network.allow", "a pending allow-list is for a single-use session (a warm pool's), whose command brings the run's policy");
        var init = spec with { Command = singleUse ? SessionScripts.GateCommand() : SessionScripts.InitCommand(timeToLive), StandardInput = null };
        var user = WorkloadUser.Parse(spec.Security.User);
        // Every writable directory is a volume: the archive API cannot see into a running container's tmpfs.
        var layout = ScratchLayout.Plan(init, tmpfsOwnable: false);
        var image = spec.Image ?? settings.DefaultImage ?? BuildDefaults.PythonImage;
        var seccomp = await SeccompProfile.LoadAsync(spec.Security, cancellationToken).ConfigureAwait(false);
        var sessionId = Guid.NewGuid().ToString("N")[..12];
        var name = $"sandbox-{executor}-{sessionId}";
        var now = DateTimeOffset.UtcNow;
        var labels = SandboxLabels.For(executor, ProcessIdentity.Current, spec.Id, sessionId, now, spec.Labels, now + timeToLive);
        labels[SandboxLabels.SessionSpec] = JsonSerializer.Serialize(spec with { Files = [], StandardInput = null, OnOutput = null }, SpecJson);
        var container = ContainerSpecRenderer.Render(init, new RenderContext(client.Dialect, image, name, labels, layout, seccomp));
        container.HostConfig.Init = true;
        var gateBinary = SandboxGate.For(client, out var gateMissing);
        if (gateBinary is not null) SandboxGate.Install(container, gateBinary, singleUse ? null : SessionScripts.IdleSeconds(timeToLive));
        else if (singleUse) container.AttachStdin = container.OpenStdin = container.StdinOnce = true;

        MultiplexedStream? gate = null;
        EgressNetwork? egress = null;
        try
        {
            // Labelled like the container (a detached session's expiry included), so the sweep removes both together.
            if (spec.Egress.IsActive)
            {
                egress = await EgressNetwork.CreateAsync(client, spec.Egress, labels, cancellationToken).ConfigureAwait(false);
                egress.Apply(container);
            }

            var id = await ContainerCreation.CreateAsync(client, settings, container, spec.RegistryAuth, cancellationToken).ConfigureAwait(false);
            var context = new SessionContext
            {
                Client = client,
                Settings = settings,
                Executor = executor,
                SessionId = sessionId,
                ContainerId = id,
                ContainerName = name,
                Image = image,
                Spec = spec,
                Layout = layout with { Files = [] },
                Owner = user,
                Labels = labels,
                Weakened = weakened,
                GateMissing = gateMissing,
                Fresh = true,
                Egresses = egresses,
            };
            if (egress is not null) egresses.Add(sessionId, egress);
            // A numeric owner is known now: files go in with the volumes, before start. A named user's ids are read
            // inside the running container first, so that the files it is given are its own.
            var stageFilesNow = user.HasNumericOwner || spec.Files.Count == 0;
            var stagingFailure = await new InputStager(client).CopyInAsync(id, container, stageFilesNow ? layout : layout with { Files = [] }, user, cancellationToken).ConfigureAwait(false);
            if (stagingFailure is not null) throw new EngineApiException("remove the staging container", null, stagingFailure);
            // Attached before the start: a single-use session's gate gets its command, and its output is read, here.
            gate = singleUse ? await AttachAsync(id, cancellationToken).ConfigureAwait(false) : null;
            await StartAsync(id, cancellationToken).ConfigureAwait(false);
            if (!user.HasNumericOwner) context = context with { Owner = await ReadOwnerAsync(context, cancellationToken).ConfigureAwait(false) };
            var session = new ContainerSession(context);
            if (!stageFilesNow) await session.CopyInAsync(spec.Files, cancellationToken).ConfigureAwait(false);
            return gate is null ? session : new SingleUseContainerSession(context, session, gate);
        }
        catch
        {
            gate?.Dispose();
            // By name: a cancelled create gives no id, but returns only once the engine has made the container.
            var failure = await new ContainerRemover(client).RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
            // The fence stays while a container may still be attached; the sweep removes both later.
            if (egress is not null && failure is null)
            {
                egresses.Take(sessionId);
                await egress.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>Rebuilds the session of <paramref name="container"/> from its labels, as another process created it.</summary>
    /// <param name="container">The session's container as listed.</param>
    /// <param name="capabilities">What the engine enforces: what the spec demands beyond it was accepted when the session was created.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public async Task<ISandboxSession> OpenAsync(ContainerListResponse container, ExecutorCapabilities capabilities, CancellationToken cancellationToken)
    {
        var labels = container.Labels;
        var spec = labels.TryGetValue(SandboxLabels.SessionSpec, out var json) ? JsonSerializer.Deserialize<ExecutionRequest>(json, SpecJson) : null;
        if (spec is null) throw new EngineApiException("open the session", null, $"container {container.ID[..12]} has no readable session spec label");
        var user = WorkloadUser.Parse(spec.Security.User);
        var init = spec with { Command = SessionScripts.InitCommand(null) };
        var context = new SessionContext
        {
            Client = client,
            Settings = settings,
            Executor = executor,
            SessionId = labels[SandboxLabels.Session],
            ContainerId = container.ID,
            ContainerName = container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID,
            Image = container.Image,
            Spec = spec,
            // The spec's files are not in the label: the volumes the engine reports say where the session is writable.
            Layout = ScratchLayout.Plan(init, tmpfsOwnable: false) with
            {
                Files = [],
                Volumes = [.. (container.Mounts ?? []).Where(m => m.Type == "volume").Select(m => m.Destination).OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal)],
            },
            Owner = user,
            Labels = labels,
            Weakened = capabilities.Missing(init.RequiredFeatures()),
            GateMissing = SandboxGate.IsInstalled(container) ? null : "the session was created without the framework's gate",
            Egresses = egresses,
        };
        if (!user.HasNumericOwner && container.State == "running") context = context with { Owner = await ReadOwnerAsync(context, cancellationToken).ConfigureAwait(false) };
        return new ContainerSession(context);
    }

    private Task<MultiplexedStream> AttachAsync(string id, CancellationToken cancellationToken) =>
        client.CallAsync("attach to the session", ct => client.Api.Containers.AttachContainerAsync(
            id, tty: false, new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, ct), cancellationToken);

    private async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("start the session", ct => client.Api.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (ex.EngineMessage.Contains("executable file not found", StringComparison.Ordinal) || ex.EngineMessage.Contains("init", StringComparison.OrdinalIgnoreCase))
        {
            throw new EngineApiException("start the session", ex.StatusCode,
                $"{ex.EngineMessage} (a session's image needs sleep and /bin/sh, and the engine its init binary: docker-init for Docker, catatonit for Podman)", ex);
        }
    }

    // The uid and gid a named user resolves to in the image; unknown (world-writable directories) when `id` fails.
    private static async Task<WorkloadUser> ReadOwnerAsync(SessionContext context, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, _) = await new ExecChannel(context).RunHelperAsync(SessionScripts.UserIds(), cancellationToken).ConfigureAwait(false);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return exitCode == 0 && lines.Length == 2 ? WorkloadUser.Parse($"{lines[0].Trim()}:{lines[1].Trim()}") : context.Owner;
    }
}
