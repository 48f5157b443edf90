using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Health of an engine for <c>sandbox doctor</c>: reachable, version, default image present, and the security and
/// resource features the engine reports. Every failing check carries the command or step that fixes it.
/// </summary>
internal sealed class EngineHealthProbe(EngineClient client, ContainerEngineSettings settings)
{
    public async Task<(HealthReport Report, EngineInfo? Info)> CheckAsync(CancellationToken cancellationToken)
    {
        var dialect = client.Dialect;
        var checks = new List<HealthCheck>();
        try
        {
            await client.CallAsync("ping the engine", ct => client.Api.System.PingAsync(ct), cancellationToken).ConfigureAwait(false);
            checks.Add(new HealthCheck("engine reachable", true, $"{dialect.Name} answers at {client.Endpoint}"));
        }
        catch (SandboxException ex) when (ex is EngineUnavailableException or EngineApiException)
        {
            checks.Add(new HealthCheck("engine reachable", false, ex.Message, dialect.StartRemedy));
            return (HealthReport.Failing($"{dialect.Name} is not reachable at {client.Endpoint}", [.. checks]), null);
        }

        var (version, api) = await client.VersionAsync(cancellationToken).ConfigureAwait(false);
        checks.Add(new HealthCheck("version", true, $"{dialect.Name} {version} (API {api})"));

        var image = settings.DefaultImage ?? BuildDefaults.PythonImage;
        var found = await client.FindImageAsync(image, cancellationToken).ConfigureAwait(false);
        checks.Add(found is not null
            ? new HealthCheck("default image", true, $"{found} is present")
            : new HealthCheck("default image", false, $"{image} is not present", new ImageProvider(client, settings).Remedy(image)));

        var info = await client.InfoAsync(cancellationToken).ConfigureAwait(false);
        var infoChecks = InfoChecks(info, dialect).ToList();
        checks.AddRange(infoChecks);
        if (dialect == EngineDialect.Podman) checks.Add(RootlessProbe.Check());

        var healthy = found is not null && infoChecks.Where(c => c.Name is "seccomp" or "resource limits").All(c => c.Passed);
        var summary = $"{dialect.Name} {version} (API {api}), image {(found is null ? "missing" : "present")}";
        return (healthy ? HealthReport.Ok(summary, [.. checks]) : HealthReport.Failing(summary, [.. checks]), info);
    }

    private static IEnumerable<HealthCheck> InfoChecks(EngineInfo info, EngineDialect dialect)
    {
        yield return info.HasSecurityOption("seccomp")
            ? new HealthCheck("seccomp", true, "the engine applies its default seccomp profile")
            : new HealthCheck("seccomp", false, "the engine reports no seccomp support: requests that demand a seccomp filter are refused",
                "use a kernel built with CONFIG_SECCOMP and an engine built with seccomp support");

        var missing = new[] { ("memory", info.MemoryLimit), ("swap", info.SwapLimit), ("pids", info.PidsLimit), ("cpu quota", info.CpuCfsQuota) }
            .Where(l => !l.Item2).Select(l => l.Item1).ToList();
        yield return missing.Count == 0
            ? new HealthCheck("resource limits", true, $"memory, swap, pids and CPU limits supported (cgroup v{info.CgroupVersion})")
            : new HealthCheck("resource limits", false, $"not supported: {string.Join(", ", missing)} (cgroup v{info.CgroupVersion})",
                "enable the cgroup controllers (e.g. boot with cgroup_enable=memory swapaccount=1), or use a rootful engine");

        yield return new HealthCheck("apparmor", true, info.HasSecurityOption("apparmor")
            ? "available: requests may name an AppArmor profile"
            : "not available on this host: a request naming an AppArmor profile will fail to start");
        if (info.HasSecurityOption("rootless"))
            yield return new HealthCheck("rootless engine", true, $"{dialect.Name} runs rootless: root in the sandbox maps to an unprivileged host user");

        var runtimes = info.Runtimes.Order(StringComparer.Ordinal).ToList();
        yield return new HealthCheck("runtimes", true, $"default {info.DefaultRuntime}; configured: {string.Join(", ", runtimes)}");
    }
}
