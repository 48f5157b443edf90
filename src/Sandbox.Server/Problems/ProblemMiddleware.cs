using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sandbox.Abstractions;
using Sandbox.Server.Endpoints;

namespace Sandbox.Server.Problems;

/// <summary>
/// Turns every failure of a request into a problem document: framework exceptions keep their kind and status, an
/// oversized body is 413, anything unexpected is 500 with one line — never a stack trace. A client that went away gets
/// nothing (its run was cancelled and its sandbox removed).
/// </summary>
internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
            if (BareStatus(context) is { } problem) await Problems.WriteAsync(context, problem).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("{Method} {Path}: the client went away; its run was cancelled", context.Request.Method, context.Request.Path);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var problem = ex switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                    Problems.Create(Problems.Name(ErrorKind.InvalidRequest), StatusCodes.Status413PayloadTooLarge, "The request body is larger than this tenant's limit (server.quotas.<tenant>.bodyLimit)."),
                BadHttpRequestException bad => Problems.Create(Problems.Name(ErrorKind.InvalidRequest), bad.StatusCode, bad.Message),
                Federation.SessionLostException lost => Problems.Create(Problems.SessionLost, StatusCodes.Status410Gone, lost.Message),
                _ => Problems.For(ExecutionError.FromException(ex)),
            };
            if (problem.Status >= StatusCodes.Status500InternalServerError && ex is not SandboxException and not OperationCanceledException)
                logger.LogError(ex, "{Method} {Path} failed unexpectedly", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            // Nothing of the request was taken: a client or a forwarding peer may send it to another node.
            if (ex is Runs.ServerStoppingException) context.Response.Headers[Federation.FederationHeaders.Stopping] = "true";
            await Problems.WriteAsync(context, problem).ConfigureAwait(false);
        }
    }

    // Routing answers a path it does not know, a method a path does not take, or a body of the wrong type with a bare
    // status; a caller gets the same problem document as for every other failure.
    private static ProblemDocument? BareStatus(HttpContext context)
    {
        var (request, response) = (context.Request, context.Response);
        if (response.HasStarted || response.ContentType is not null) return null;
        return response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Problems.Create(Problems.Name(ErrorKind.NotFound), StatusCodes.Status404NotFound,
                $"No endpoint {request.Method} {request.Path}: the API is described at /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => Problems.Create(Problems.Name(ErrorKind.InvalidRequest), StatusCodes.Status405MethodNotAllowed,
                $"{request.Path} does not take {request.Method}; it takes {response.Headers.Allow}."),
            StatusCodes.Status415UnsupportedMediaType => Problems.For(
                ExecutionError.FromException(new InvalidRequestException("body", HttpJson.ExpectedJson)), status: StatusCodes.Status415UnsupportedMediaType),
            _ => null,
        };
    }
}
