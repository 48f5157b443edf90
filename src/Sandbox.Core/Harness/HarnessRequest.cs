using Sandbox.Abstractions;

namespace Sandbox.Core.Harness;

/// <summary>A request to run user code through a harness template.</summary>
public sealed record HarnessRequest
{
    /// <summary>Template name, e.g. <c>python-handler</c>.</summary>
    public required string Template { get; init; }

    /// <summary>The user's code.</summary>
    public required string Code { get; init; }

    /// <summary>The input handed to the code, as JSON text. Defaults to <c>{}</c>.</summary>
    public string InputJson { get; init; } = "{}";

    /// <summary>The function a handler template calls.</summary>
    public string Handler { get; init; } = HarnessProtocol.DefaultHandler;

    /// <summary>Largest result the harness returns.</summary>
    public long MaxOutputBytes { get; init; } = HarnessProtocol.DefaultMaxOutputBytes;

    /// <summary>
    /// The request to run in (limits, network, security...). Its image, when set, wins over the template's default;
    /// its command, files and output paths are replaced by the harness's.
    /// </summary>
    public ExecutionRequest Base { get; init; } = new();
}
