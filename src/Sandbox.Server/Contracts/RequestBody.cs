using System.Text.Json;

namespace Sandbox.Server.Contracts;

/// <summary>
/// The run options of every request body, named as the CLI's options and <see cref="Abstractions.ExecutionRequest"/>.
/// Sizes and durations use the CLI's grammar (<c>512m</c>, <c>30s</c>); anything left out comes from <c>sandbox.json</c>.
/// </summary>
public class RequestBody
{
    /// <summary>Container image for image-based executors.</summary>
    public string? Image { get; set; }

    /// <summary>Executor: host, docker, podman or any plugin (default from the server's config).</summary>
    public string? Executor { get; set; }

    /// <summary>Environment variables.</summary>
    public Dictionary<string, string>? Env { get; set; }

    /// <summary>Standard input as text.</summary>
    public string? Stdin { get; set; }

    /// <summary>Standard input as base64 (for binary input).</summary>
    public string? StdinBase64 { get; set; }

    /// <summary>Files written into the sandbox before the command starts.</summary>
    public List<FileBody>? Files { get; set; }

    /// <summary>Sandbox paths collected after the run; returned inline (base64) in the result.</summary>
    public List<string>? OutputPaths { get; set; }

    /// <summary>Working directory inside the sandbox.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Resource limits.</summary>
    public LimitsBody? Limits { get; set; }

    /// <summary>
    /// none (default), bridge or host; or an object <c>{"allow": ["pypi.org"], "secrets": ["HOST:HEADER=ENVVAR"]}</c>
    /// (egress only through the filtering proxy).
    /// </summary>
    public NetworkBody? Network { get; set; }

    /// <summary>
    /// Credentials for pulling <see cref="Image"/> from its registry when the server's engine does not have it, used
    /// before the server's configured ones. Sent to the engine only: never logged, stored or returned.
    /// </summary>
    public RegistryAuthBody? RegistryAuth { get; set; }

    /// <summary>Run even if the executor cannot enforce every limit (flagged, SBX0016).</summary>
    public bool AllowWeakerIsolation { get; set; }

    /// <summary>Run the validators first (default true; false is flagged, SBX0014).</summary>
    public bool Validate { get; set; } = true;
}

/// <summary>
/// The <c>network</c> member: a mode string (<c>"none"</c>, <c>"bridge"</c>, <c>"host"</c>) or an object with
/// <see cref="Allow"/> and <see cref="Secrets"/>.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(NetworkBodyConverter))]
public sealed class NetworkBody
{
    /// <summary>none, bridge or host; <c>null</c> when the body gave an object.</summary>
    public string? Mode { get; set; }

    /// <summary>Allowed <c>HOST[:PORT]</c> entries.</summary>
    public List<string>? Allow { get; set; }

    /// <summary><c>HOST:HEADER=ENVVAR</c> entries.</summary>
    public List<string>? Secrets { get; set; }
}

/// <summary>The <c>registryAuth</c> member: a registry user and its password or token.</summary>
public sealed class RegistryAuthBody
{
    /// <summary>The registry user name.</summary>
    public string? Username { get; set; }

    /// <summary>The password or access token.</summary>
    public string? Password { get; set; }
}

/// <summary>A file for the sandbox: text <see cref="Content"/> or binary <see cref="ContentBase64"/>.</summary>
public sealed class FileBody
{
    /// <summary>Its path in the sandbox (relative to the working directory, or absolute).</summary>
    public string Path { get; set; } = "";

    /// <summary>Text content (UTF-8).</summary>
    public string? Content { get; set; }

    /// <summary>Binary content in base64.</summary>
    public string? ContentBase64 { get; set; }

    /// <summary>Unix permission bits (default 0644).</summary>
    public int? Mode { get; set; }
}

/// <summary>Resource limits, as the CLI's <c>--memory</c>, <c>--cpus</c>, ... options.</summary>
public sealed class LimitsBody
{
    /// <summary>Memory limit, e.g. <c>512m</c>.</summary>
    public string? Memory { get; set; }

    /// <summary>CPU quota in cores.</summary>
    public double? Cpus { get; set; }

    /// <summary>Maximum processes and threads.</summary>
    public int? Pids { get; set; }

    /// <summary>Wall-clock limit, e.g. <c>30s</c>.</summary>
    public string? Timeout { get; set; }

    /// <summary>Bytes kept per output stream, e.g. <c>1m</c>.</summary>
    public string? OutputLimit { get; set; }

    /// <summary>Size of the writable /tmp, e.g. <c>64m</c>.</summary>
    public string? TmpfsSize { get; set; }
}

/// <summary>The body of <c>POST /v1/runs</c>.</summary>
public sealed class RunBody : RequestBody
{
    /// <summary>The program and its arguments.</summary>
    public List<string>? Command { get; set; }
}

/// <summary>The body of <c>POST /v1/exec</c>: code through a harness template.</summary>
public sealed class ExecBody : RequestBody
{
    /// <summary>The harness template (see <c>GET /v1/templates</c>).</summary>
    public string? Template { get; set; }

    /// <summary>The user's code.</summary>
    public string? Code { get; set; }

    /// <summary>The input handed to the code (any JSON value; default <c>{}</c>).</summary>
    public JsonElement? Input { get; set; }

    /// <summary>The function a handler template calls (default <c>handler</c>).</summary>
    public string? Handler { get; set; }

    /// <summary>The largest result the harness returns, e.g. <c>1m</c>.</summary>
    public string? MaxResult { get; set; }
}
