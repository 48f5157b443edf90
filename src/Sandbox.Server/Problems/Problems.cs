using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Sandbox.Abstractions;
using Sandbox.Server.Contracts;

namespace Sandbox.Server.Problems;

/// <summary>The one mapping from the framework's error kinds to HTTP statuses and problem documents.</summary>
internal static class Problems
{
    /// <summary>The prefix of every problem type; the kind follows it.</summary>
    public const string TypePrefix = "https://github.com/sandbox-framework/sandbox/blob/main/docs/server.md#";

    /// <summary>The kind of a request without valid credentials (not a framework error kind: it never reaches the runtime).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The kind of a session call whose node is gone (410; see <see cref="Federation.SessionLostException"/>).</summary>
    public const string SessionLost = "sessionLost";

    /// <summary>Seconds a client should wait before retrying after 429 or 503.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The HTTP status for an error of <paramref name="kind"/>.</summary>
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest or ErrorKind.Configuration or ErrorKind.Template => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.ValidationRejected or ErrorKind.CapabilityUnsupported or ErrorKind.ImageNotFound => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.CapacityExhausted => StatusCodes.Status429TooManyRequests,
        ErrorKind.EngineUnavailable or ErrorKind.Cancelled or ErrorKind.RegistryUnavailable => StatusCodes.Status503ServiceUnavailable,
        // The server's registry credentials are wrong: an upstream failure, not the caller's (401 is the server's own auth).
        ErrorKind.EngineError or ErrorKind.RegistryUnauthorized => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The camelCase name of <paramref name="kind"/>, as the result documents spell it.</summary>
    public static string Name(ErrorKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    /// <summary>The problem for <paramref name="error"/>, carrying <paramref name="result"/> when a run produced one.</summary>
    public static ProblemDocument For(ExecutionError error, JsonElement? result = null, int? status = null) =>
        Create(Name(error.Kind), status ?? StatusFor(error.Kind), error.Message, result);

    /// <summary>A problem of <paramref name="kind"/> with <paramref name="status"/>.</summary>
    public static ProblemDocument Create(string kind, int status, string detail, JsonElement? result = null) =>
        new(TypePrefix + kind, ReasonPhrases.GetReasonPhrase(status), status, detail, kind, result);

    /// <summary>Writes <paramref name="problem"/> as the response (with Retry-After on 429 and 503).</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDocument problem)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        if (problem.Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (problem.Status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Bearer";
        response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(response.Body, problem, ServerJson.Context.ProblemDocument, context.RequestAborted).ConfigureAwait(false);
    }
}
