using Sandbox.Abstractions;

namespace Sandbox.Core.Configuration;

/// <summary>Reads the <c>defaults</c> section of <c>sandbox.json</c> into the request every run starts from.</summary>
internal static class DefaultsReader
{
    private static readonly string[] Keys =
    [
        "image", "memory", "cpus", "pids", "timeout", "network", "tmpfsSize", "outputLimit", "collectedFilesLimit",
        "openFiles", "fileSize", "readOnlyRootFilesystem", "privileged", "user", "addCapabilities", "dropAllCapabilities",
        "noNewPrivileges", "seccomp", "appArmorProfile", "runtime", "mounts", "allowWeakerIsolation", "environment",
        "workingDirectory",
    ];

    public static ExecutionRequest Read(ConfigSection? section, string baseDirectory)
    {
        var request = new ExecutionRequest();
        if (section is null) return request;
        section.RejectUnknownKeys(Keys);

        var limits = request.Limits;
        // An explicit null means "no limit"; a missing key keeps the secure default.
        if (section.Has("memory")) limits = limits with { MemoryBytes = section.Size("memory") };
        if (section.Has("cpus")) limits = limits with { Cpus = Positive(section, "cpus") };
        if (section.Has("pids")) limits = limits with { Pids = (int?)Positive(section, "pids") };
        if (section.Has("timeout")) limits = limits with { Timeout = section.Duration("timeout") };
        limits = limits with
        {
            TmpfsBytes = section.Size("tmpfsSize") ?? limits.TmpfsBytes,
            OutputBytes = section.Size("outputLimit") ?? limits.OutputBytes,
            CollectedFilesBytes = section.Size("collectedFilesLimit") ?? limits.CollectedFilesBytes,
            OpenFiles = section.Has("openFiles") ? (int?)Positive(section, "openFiles") : limits.OpenFiles,
            FileSizeBytes = section.Has("fileSize") ? section.Size("fileSize") : limits.FileSizeBytes,
        };

        var security = request.Security;
        var seccomp = section.String("seccomp");
        security = security with
        {
            ReadOnlyRootFilesystem = section.Bool("readOnlyRootFilesystem") ?? security.ReadOnlyRootFilesystem,
            Privileged = section.Bool("privileged") ?? security.Privileged,
            User = section.String("user") ?? security.User,
            AddCapabilities = section.Strings("addCapabilities"),
            DropAllCapabilities = section.Bool("dropAllCapabilities") ?? security.DropAllCapabilities,
            NoNewPrivileges = section.Bool("noNewPrivileges") ?? security.NoNewPrivileges,
            AppArmorProfile = section.String("appArmorProfile"),
            Runtime = section.String("runtime"),
            Seccomp = seccomp switch
            {
                null or "default" => SeccompMode.Default,
                "unconfined" => SeccompMode.Unconfined,
                _ => SeccompMode.Custom,
            },
            SeccompProfilePath = seccomp is null or "default" or "unconfined" ? null : Path.GetFullPath(seccomp, baseDirectory),
        };

        var mounts = section.Sections("mounts").Select(m =>
        {
            m.RejectUnknownKeys("hostPath", "sandboxPath", "readOnly");
            var hostPath = m.String("hostPath") ?? throw m.Error("hostPath", "is required");
            return new HostMount(Path.GetFullPath(hostPath, baseDirectory), m.String("sandboxPath") ?? throw m.Error("sandboxPath", "is required"), m.Bool("readOnly") ?? true);
        }).ToArray();

        var environment = section.Section("environment")?.Properties()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String
                ? p.Value.GetString()!
                : throw section.Error($"environment.{p.Name}", "expected a string"), StringComparer.Ordinal);

        return request with
        {
            Image = section.String("image"),
            Network = section.Raw("network")?.ValueKind == System.Text.Json.JsonValueKind.Object ? NetworkPolicy.None : section.Enum("network", NetworkPolicy.None),
            Egress = ReadEgress(section),
            Limits = limits,
            Security = security,
            Mounts = mounts,
            AllowWeakerIsolation = section.Bool("allowWeakerIsolation") ?? false,
            Environment = environment ?? request.Environment,
            WorkingDirectory = section.String("workingDirectory") ?? request.WorkingDirectory,
        };
    }

    // "network": {"allow": [...], "secrets": [...]}: egress only through the filtering proxy.
    private static EgressPolicy ReadEgress(ConfigSection section)
    {
        if (section.Raw("network")?.ValueKind != System.Text.Json.JsonValueKind.Object) return EgressPolicy.None;
        var network = section.Section("network")!;
        network.RejectUnknownKeys("allow", "secrets");
        try
        {
            return EgressPolicy.Parse(network.Strings("allow"), network.Strings("secrets"));
        }
        catch (InvalidRequestException ex)
        {
            throw section.Error(ex.Field, ex.Problem);
        }
    }

    private static double? Positive(ConfigSection section, string key)
    {
        var value = section.Number(key);
        return value is null or > 0 ? value : throw section.Error(key, $"must be greater than zero (or null for no limit), got {value}");
    }
}
