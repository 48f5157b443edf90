using System.Text.Json;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// The facts of the engine's <c>GET /info</c> the layer acts on. Read from the JSON directly: the full model costs a
/// CLI run a large serializer contract on its critical path for eight fields.
/// </summary>
internal sealed record EngineInfo
{
    public bool MemoryLimit { get; init; }

    public bool SwapLimit { get; init; }

    public bool PidsLimit { get; init; }

    public bool CpuCfsQuota { get; init; }

    public bool LiveRestoreEnabled { get; init; }

    /// <summary>Entries look like <c>name=seccomp,profile=default</c>.</summary>
    public IReadOnlyList<string> SecurityOptions { get; init; } = [];

    public string CgroupVersion { get; init; } = "";

    public string DefaultRuntime { get; init; } = "";

    public IReadOnlyList<string> Runtimes { get; init; } = [];

    /// <summary>Reads the answer of <c>GET /info</c> (the same field names on Docker and Podman's compatible API).</summary>
    public static EngineInfo Parse(JsonElement info) => new()
    {
        MemoryLimit = Flag(info, "MemoryLimit"),
        SwapLimit = Flag(info, "SwapLimit"),
        PidsLimit = Flag(info, "PidsLimit"),
        CpuCfsQuota = Flag(info, "CpuCfsQuota"),
        LiveRestoreEnabled = Flag(info, "LiveRestoreEnabled"),
        SecurityOptions = info.TryGetProperty("SecurityOptions", out var options) && options.ValueKind == JsonValueKind.Array
            ? [.. options.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!)]
            : [],
        CgroupVersion = Text(info, "CgroupVersion"),
        DefaultRuntime = Text(info, "DefaultRuntime"),
        Runtimes = info.TryGetProperty("Runtimes", out var runtimes) && runtimes.ValueKind == JsonValueKind.Object
            ? [.. runtimes.EnumerateObject().Select(r => r.Name)]
            : [],
    };

    /// <summary>Whether <see cref="SecurityOptions"/> lists <paramref name="name"/>.</summary>
    public bool HasSecurityOption(string name) =>
        SecurityOptions.Any(o => o.Split(',').Any(part => part == $"name={name}" || part == name));

    private static bool Flag(JsonElement info, string name) =>
        info.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string Text(JsonElement info, string name) =>
        info.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
