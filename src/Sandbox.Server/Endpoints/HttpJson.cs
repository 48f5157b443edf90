using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Sandbox.Abstractions;
using Sandbox.Server.Contracts;
using Sandbox.Abstractions.Json;

namespace Sandbox.Server.Endpoints;

/// <summary>Reads request bodies and writes documents with the API's generated serializers.</summary>
internal static class HttpJson
{
    /// <summary>What a body that is not JSON is told.</summary>
    public const string ExpectedJson = "expected JSON (Content-Type: application/json)";

    /// <summary>Reads the JSON body; a malformed one (or an unknown member) is <see cref="InvalidRequestException"/> (400).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, Func<T>? whenEmpty = null)
    {
        var request = context.Request;
        if (whenEmpty is not null && (request.ContentLength ?? 0) == 0 && !request.HasJsonContentType()) return whenEmpty();
        if (!request.HasJsonContentType()) throw new InvalidRequestException("body", ExpectedJson);
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, type, context.RequestAborted).ConfigureAwait(false)
                   ?? throw new InvalidRequestException("body", $"expected {JsonKindWords.Object}, got null");
        }
        catch (JsonException ex)
        {
            // Named as the mapper names members (limits.memory), so every 400 reads alike.
            var problem = JsonErrorText.Explain(ex, type);
            throw new InvalidRequestException(problem.Path ?? "body", problem.Text);
        }
    }

    /// <summary>Writes <paramref name="document"/> with <paramref name="status"/>.</summary>
    public static async Task WriteAsync<T>(HttpContext context, T document, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, document, type, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a result document: as is when <paramref name="error"/> is <c>null</c>, else as a problem of the error's kind
    /// that carries the document in <c>result</c> (e.g. the findings of a rejected run).
    /// </summary>
    public static Task WriteResultAsync<T>(HttpContext context, ExecutionError? error, T document, JsonTypeInfo<T> type) =>
        error is null
            ? WriteAsync(context, document, type)
            : Problems.Problems.WriteAsync(context, Problems.Problems.For(error, JsonSerializer.SerializeToElement(document, type)));

    /// <summary>Whether the caller asked for server-sent events.</summary>
    public static bool WantsEvents(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));
}
