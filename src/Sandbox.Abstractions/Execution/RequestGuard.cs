namespace Sandbox.Abstractions;

/// <summary>
/// The checks every executor runs first: is the request well-formed, and can this executor enforce what it demands?
/// Executors call <see cref="Check"/> at the top of <see cref="IExecutor.ExecuteAsync"/> so that capability honesty
/// holds even when an executor is used directly, without the runtime.
/// </summary>
public static class RequestGuard
{
    /// <summary>
    /// Features that <see cref="ExecutionRequest.AllowWeakerIsolation"/> never waives: they grant the workload more
    /// (privileges, network, host paths) or carry data the caller depends on (files), so skipping them silently would
    /// change what the run means, not just how strongly it is isolated.
    /// </summary>
    public const SandboxFeatures NeverWaived = SandboxFeatures.Privileged | SandboxFeatures.AddCapabilities | SandboxFeatures.NetworkAccess
                                               | SandboxFeatures.HostMounts | SandboxFeatures.FilesIn | SandboxFeatures.FilesOut | SandboxFeatures.CustomRuntime
                                               | SandboxFeatures.CustomSeccompProfile | SandboxFeatures.EgressAllowList | SandboxFeatures.EgressSecrets;

    /// <summary>Throws <see cref="InvalidRequestException"/> when <paramref name="request"/> is malformed.</summary>
    public static void Validate(ExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
            throw new InvalidRequestException("command", "no command given; pass the program and its arguments");
        if (request.Command.Any(a => a is null || a.Contains('\0')))
            throw new InvalidRequestException("command", "arguments may not be null or contain NUL characters");
        if (!request.WorkingDirectory.StartsWith('/'))
            throw new InvalidRequestException("workingDirectory", $"'{request.WorkingDirectory}' must be an absolute sandbox path");
        SandboxPaths.Resolve(request.WorkingDirectory, "/", "workingDirectory");

        var limits = request.Limits;
        if (limits.MemoryBytes is <= 0) throw new InvalidRequestException("limits.memory", "must be positive (or null for no limit)");
        if (limits.Cpus is { } cpus && (cpus <= 0 || double.IsNaN(cpus) || double.IsInfinity(cpus)))
            throw new InvalidRequestException("limits.cpus", "must be a positive number of cores (or null for no limit)");
        if (limits.Pids is <= 0) throw new InvalidRequestException("limits.pids", "must be positive (or null for no limit)");
        if (limits.Timeout is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new InvalidRequestException("limits.timeout", "must be positive (or null for no timeout)");
        if (limits.TmpfsBytes <= 0) throw new InvalidRequestException("limits.tmpfs", "must be positive");
        if (limits.OutputBytes < 0) throw new InvalidRequestException("limits.output", "must not be negative");
        if (limits.CollectedFilesBytes < 0) throw new InvalidRequestException("limits.collectedFiles", "must not be negative");
        if (limits.OpenFiles is <= 0) throw new InvalidRequestException("limits.openFiles", "must be positive");
        if (limits.FileSizeBytes is <= 0) throw new InvalidRequestException("limits.fileSize", "must be positive");

        for (var i = 0; i < request.Files.Count; i++)
        {
            SandboxPaths.Resolve(request.Files[i].Path, request.WorkingDirectory, $"files[{i}].path");
            ValidateMode(request.Files[i].Mode, $"files[{i}].mode");
        }

        for (var i = 0; i < request.OutputPaths.Count; i++)
            SandboxPaths.Resolve(request.OutputPaths[i], request.WorkingDirectory, $"outputPaths[{i}]");
        for (var i = 0; i < request.Mounts.Count; i++)
        {
            var mount = request.Mounts[i];
            if (!Path.IsPathFullyQualified(mount.HostPath)) throw new InvalidRequestException($"mounts[{i}].hostPath", $"'{mount.HostPath}' must be absolute");
            SandboxPaths.Resolve(mount.SandboxPath, "/", $"mounts[{i}].sandboxPath");
        }

        foreach (var key in request.Environment.Keys)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0'))
                throw new InvalidRequestException("environment", $"'{key}' is not a valid variable name");
        }

        var egress = request.Egress;
        if (egress.IsActive && request.Network != NetworkPolicy.None)
            throw new InvalidRequestException("network", $"an allow-list needs network none (its only way out is the proxy), not {request.Network.ToString().ToLowerInvariant()}");
        foreach (var secret in egress.Secrets)
        {
            if (!egress.Allow.Any(a => a.Host == secret.Host || (a.IsWildcard && Rules.EgressSyntax.HostMatches(a.Host, secret.Host))))
                throw new InvalidRequestException("network.secrets", $"'{secret}': {secret.Host} is not in the allow-list");
        }

        if (request.RegistryAuth is { } auth && (string.IsNullOrWhiteSpace(auth.Username) || string.IsNullOrEmpty(auth.Password)))
            throw new InvalidRequestException("registryAuth", "needs both a username and a password (or token)");

        if (request.Security.Seccomp == SeccompMode.Custom && string.IsNullOrEmpty(request.Security.SeccompProfilePath))
            throw new InvalidRequestException("security.seccompProfilePath", "a custom seccomp mode needs a profile file");
    }

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="mode"/> holds permission bits only (0 to 0777).</summary>
    /// <remarks>Setuid, setgid and sticky bits would mean different things on different executors; no workload needs them.</remarks>
    public static void ValidateMode(int mode, string field)
    {
        if (mode is < 0 or > SandboxFile.PermissionBits)
            throw new InvalidRequestException(field, $"{mode} is not a permission mode: give 0 to 511 (0777 in octal)");
    }

    /// <summary>
    /// Validates <paramref name="request"/> and compares what it demands with <paramref name="capabilities"/>.
    /// </summary>
    /// <returns>The demanded features that will not be enforced (only non-empty when the request allows weaker isolation).</returns>
    /// <exception cref="CapabilityNotSupportedException">Something demanded is not enforced and weaker isolation was not accepted.</exception>
    public static SandboxFeatures Check(ExecutionRequest request, string executor, ExecutorCapabilities capabilities)
    {
        Validate(request);
        var missing = capabilities.Missing(request.RequiredFeatures());

        if ((missing & NeverWaived) != 0 || (missing != 0 && !request.AllowWeakerIsolation))
            throw new CapabilityNotSupportedException(executor, request.AllowWeakerIsolation ? missing & NeverWaived : missing, capabilities.Limitations);
        return missing;
    }
}
