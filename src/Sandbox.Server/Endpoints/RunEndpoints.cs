using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Configuration;
using Sandbox.Core.Harness;
using Sandbox.Core.Results;
using Sandbox.Server.Contracts;
using Sandbox.Server.Federation;
using Sandbox.Server.Problems;
using Sandbox.Server.Runs;
using Sandbox.Server.Security;

namespace Sandbox.Server.Endpoints;

/// <summary><c>POST /v1/runs</c> and <c>POST /v1/exec</c>: one request, one sandbox, the CLI's <c>--json</c> object back.</summary>
internal static class RunEndpoints
{
    /// <summary>The most collected-file content returned inline (base64) per result; larger files are listed without it.</summary>
    public const long InlineFileBytes = 16L << 20;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/runs", new Func<HttpContext, Task>(RunAsync))
            .WithTags("runs").WithName("run").WithSummary("Run a command in a fresh sandbox (Accept: text/event-stream streams its output).")
            .Accepts<RunBody>("application/json")
            .Produces<ResultJson.ResultDocument>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesRunProblems();
        api.MapPost("/exec", new Func<HttpContext, Task>(ExecAsync))
            .WithTags("runs").WithName("exec").WithSummary("Run code through a harness template and return its result.")
            .Accepts<ExecBody>("application/json")
            .Produces<ExecJson.ExecDocument>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesRunProblems();
    }

    // The statuses a run can end in besides 200 (401 and 413 come from the middleware for every call).
    private static RouteHandlerBuilder ProducesRunProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task RunAsync(HttpContext context)
    {
        var (runtime, quota, tenant) = Caller(context);
        var (admission, node) = (context.RequestServices.GetRequiredService<RunAdmission>(), context.RequestServices.GetRequiredService<FederationNode>());
        admission.KeepBody(context);
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.RunBody).ConfigureAwait(false);
        if (body.Command is not { Count: > 0 } command) throw new InvalidRequestException("command", "is required: the program and its arguments");
        var request = RequestMapper.Apply(body, runtime.CreateRequest([.. command]), quota);
        var options = new RunOptions { Executor = body.Executor, SkipValidation = !body.Validate };

        using var slot = await admission.EnterAsync(context, tenant, request.Limits.Timeout).ConfigureAwait(false);
        if (slot is null) return;
        using var run = context.RequestServices.GetRequiredService<RunTracker>().Begin(context.RequestAborted);
        if (HttpJson.WantsEvents(context))
        {
            await ServerSentEvents.StreamAsync(context,
                onOutput => runtime.RunAsync(request with { OnOutput = onOutput }, options, run.Token),
                result => Serialize(node.Stamp(ResultJson.ToDocument(result, inlineFileBytes: InlineFileBytes))),
                ex => Failure(node, body.Executor ?? runtime.DefaultExecutor, ex)).ConfigureAwait(false);
            return;
        }

        var result = await runtime.RunAsync(request, options, run.Token).ConfigureAwait(false);
        await HttpJson.WriteResultAsync(context, result.Error, node.Stamp(ResultJson.ToDocument(result, inlineFileBytes: InlineFileBytes)), ServerJson.Context.ResultDocument).ConfigureAwait(false);
    }

    private static async Task ExecAsync(HttpContext context)
    {
        var (runtime, quota, tenant) = Caller(context);
        var (admission, node) = (context.RequestServices.GetRequiredService<RunAdmission>(), context.RequestServices.GetRequiredService<FederationNode>());
        admission.KeepBody(context);
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.ExecBody).ConfigureAwait(false);
        if (string.IsNullOrEmpty(body.Template)) throw new InvalidRequestException("template", "is required (see GET /v1/templates)");
        if (body.Code is null) throw new InvalidRequestException("code", "is required: the user's code");
        var template = runtime.Templates.Get(body.Template);
        var defaults = runtime.Config.Defaults;
        var baseRequest = RequestMapper.Apply(body, defaults with { Image = null }, quota);
        var harness = new HarnessRequest
        {
            Template = template.Name,
            Code = body.Code,
            InputJson = body.Input?.GetRawText() ?? "{}",
            Handler = body.Handler ?? HarnessProtocol.DefaultHandler,
            MaxOutputBytes = body.MaxResult is { } max ? RequestMapper.Size("maxResult", max) : HarnessProtocol.DefaultMaxOutputBytes,
            Base = baseRequest with { Image = template.ImageFor(baseRequest.Image, defaults.Image) },
        };
        var options = new RunOptions { Executor = body.Executor, SkipValidation = !body.Validate };

        using var slot = await admission.EnterAsync(context, tenant, harness.Base.Limits.Timeout).ConfigureAwait(false);
        if (slot is null) return;
        using var run = context.RequestServices.GetRequiredService<RunTracker>().Begin(context.RequestAborted);
        if (HttpJson.WantsEvents(context))
        {
            await ServerSentEvents.StreamAsync(context,
                onOutput => runtime.ExecAsync(harness with { Base = harness.Base with { OnOutput = onOutput } }, options, run.Token),
                result => Serialize(node.Stamp(ExecJson.ToDocument(result, InlineFileBytes))),
                ex => Failure(node, body.Executor ?? runtime.DefaultExecutor, ex)).ConfigureAwait(false);
            return;
        }

        var result = await runtime.ExecAsync(harness, options, run.Token).ConfigureAwait(false);
        await HttpJson.WriteResultAsync(context, result.Execution.Error, node.Stamp(ExecJson.ToDocument(result, InlineFileBytes)), ServerJson.Context.ExecDocument).ConfigureAwait(false);
    }

    /// <summary>The runtime, the caller's quota and the caller's tenant.</summary>
    internal static (SandboxRuntime Runtime, TenantQuota Quota, string Tenant) Caller(HttpContext context)
    {
        var tenant = TenantMiddleware.TenantOf(context);
        var config = context.RequestServices.GetRequiredService<ServerConfig>();
        return (context.RequestServices.GetRequiredService<SandboxRuntime>(), config.QuotaFor(tenant), tenant);
    }

    // As the CLI prints a framework error with --json: a result with no exit code and the error.
    internal static string Failure(FederationNode node, string executor, Exception exception) =>
        Serialize(node.Stamp(ResultJson.ToDocument(ExecutionResult.Failed(executor, ExecutionError.FromException(exception)))));

    internal static string Serialize<T>(T document) => System.Text.Json.JsonSerializer.Serialize(document, ResultJson.SerializerOptions);
}
