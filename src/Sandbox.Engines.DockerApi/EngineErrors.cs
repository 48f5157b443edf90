using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>Translates transport and API failures into the framework's typed exceptions, keeping the engine's message.</summary>
internal static class EngineErrors
{
    /// <summary>
    /// The framework exception for <paramref name="exception"/>, or <c>null</c> when it should propagate as is
    /// (cancellation, or an exception that is already a framework one).
    /// </summary>
    public static SandboxException? Translate(Exception exception, string operation, EngineDialect dialect, EngineEndpoint endpoint) => exception switch
    {
        SandboxException or OperationCanceledException => null,
        DockerApiException api => new EngineApiException(operation, (int)api.StatusCode, MessageOf(api.ResponseBody), api),
        _ when IsConnectionFailure(exception) => new EngineUnavailableException(dialect.Name, endpoint.ToString(), dialect.StartRemedy, exception),
        _ => null,
    };

    /// <summary>Whether the engine answered 404 (no such container, image, or path).</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is DockerApiException { StatusCode: HttpStatusCode.NotFound }
        || exception is EngineApiException { StatusCode: 404 };

    /// <summary>Whether the engine answered 409 (conflict: e.g. removing a running container).</summary>
    public static bool IsConflict(Exception exception) =>
        exception is DockerApiException { StatusCode: HttpStatusCode.Conflict } || exception is EngineApiException { StatusCode: 409 };

    /// <summary>
    /// Whether the engine refused a removal because another caller is already removing the container (two sweeps,
    /// or a sweep racing a run's own cleanup).
    /// </summary>
    public static bool IsRemovalInProgress(Exception exception) =>
        IsConflict(exception) && exception.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>message</c> of a JSON error body, or the body itself.</summary>
    public static string MessageOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(no message)";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
                return message.GetString() ?? body.Trim();
        }
        catch (JsonException)
        {
            // Not JSON: keep the body verbatim.
        }

        return body.Trim();
    }

    private static bool IsConnectionFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }) return true;
        }

        return exception is HttpRequestException or IOException { InnerException: SocketException };
    }
}
