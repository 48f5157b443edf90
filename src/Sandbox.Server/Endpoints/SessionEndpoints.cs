using System.Formats.Tar;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Abstractions;
using Sandbox.Core;
using Sandbox.Core.Results;
using Sandbox.Core.Sessions;
using Sandbox.Server.Contracts;
using Sandbox.Server.Federation;
using Sandbox.Server.Runs;

namespace Sandbox.Server.Endpoints;

/// <summary>
/// <c>/v1/sessions</c>: long-lived sandboxes, each owned by the tenant that created it. Every other tenant gets 404 for
/// it, exactly as for an id that never existed.
/// </summary>
internal static class SessionEndpoints
{
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(30);

    public static void Map(IEndpointRouteBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("sessions");
        sessions.MapPost("/", new Func<HttpContext, Task>(CreateAsync)).WithName("createSession").Accepts<SessionBody>("application/json")
            .Produces<SessionCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status429TooManyRequests);
        sessions.MapGet("/", new Func<HttpContext, Task>(ListAsync)).WithName("listSessions").Produces<IReadOnlyList<SessionInfo>>();
        sessions.MapPost("/{id}/exec", ExecAsync).WithName("sessionExec").Accepts<SessionExecBody>("application/json")
            .Produces<ResultJson.ResultDocument>(StatusCodes.Status200OK, "application/json", "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id}/files", ApplyAsync).WithName("sessionApply").Accepts<SessionFilesBody>("application/json")
            .Produces<AppliedChanges>().ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapGet("/{id}/files", ReadFilesAsync).WithName("sessionFiles")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream", additionalContentTypes: "application/x-tar")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id}/test", TestAsync).WithName("sessionTest").Accepts<SessionReportBody>("application/json")
            .Produces<SessionJson.TestDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id}/build", BuildAsync).WithName("sessionBuild").Accepts<SessionReportBody>("application/json")
            .Produces<SessionJson.BuildDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapGet("/{id}/stats", StatsAsync).WithName("sessionStats").Produces<SessionJson.StatsDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapDelete("/{id}", DeleteAsync).WithName("deleteSession").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task CreateAsync(HttpContext context)
    {
        var (runtime, quota, tenant) = RunEndpoints.Caller(context);
        var owners = context.RequestServices.GetRequiredService<SessionOwners>();
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.SessionBody).ConfigureAwait(false);
        var ttl = body.Ttl is { } text ? RequestMapper.Time("ttl", text) : DefaultTimeToLive;
        if (ttl <= TimeSpan.Zero || ttl == Timeout.InfiniteTimeSpan) throw new InvalidRequestException("ttl", "a session needs a finite, positive time to live");
        var spec = RequestMapper.Apply(body, runtime.CreateRequest(), quota);

        using var run = context.RequestServices.GetRequiredService<RunTracker>().Begin(context.RequestAborted);
        var options = new RunOptions { Executor = body.Executor, SkipValidation = !body.Validate };
        var session = await owners.CreateAsync(runtime, tenant, quota, ct => runtime.CreateSessionAsync(spec, options, ttl, ct), run.Token).ConfigureAwait(false);
        var node = context.RequestServices.GetRequiredService<FederationNode>();
        await HttpJson.WriteAsync(context, new SessionCreated(node.Qualify(session.Id), session.Executor, DateTimeOffset.UtcNow + ttl), ServerJson.Context.SessionCreated, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context)
    {
        var (runtime, _, tenant) = RunEndpoints.Caller(context);
        var alive = await runtime.ListSessionsAsync(cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var mine = context.RequestServices.GetRequiredService<SessionOwners>().Of(tenant, alive.Select(s => s.Id));
        var node = context.RequestServices.GetRequiredService<FederationNode>();
        await HttpJson.WriteAsync(context, (IReadOnlyList<SessionInfo>)[.. alive.Where(s => mine.Contains(s.Id)).Select(s => s with { Id = node.Qualify(s.Id) })], ServerJson.Context.IReadOnlyListSessionInfo).ConfigureAwait(false);
    }

    private static async Task ExecAsync(HttpContext context, string id)
    {
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.SessionExecBody).ConfigureAwait(false);
        if (body.Command is not { Count: > 0 } command) throw new InvalidRequestException("command", "is required: the program and its arguments");
        var sessionCommand = new SessionCommand
        {
            Command = command,
            Environment = body.Env ?? [],
            WorkingDirectory = body.WorkingDirectory,
            Timeout = body.Timeout is { } timeout ? RequestMapper.Time("timeout", timeout) : null,
            OutputBytes = body.OutputLimit is { } limit ? RequestMapper.Size("outputLimit", limit) : null,
            StandardInput = RequestMapper.Stdin(body.Stdin, body.StdinBase64),
        };
        await WithSessionAsync(context, id, async (session, ct) =>
        {
            var node = Node(context);
            if (HttpJson.WantsEvents(context))
            {
                // As a run streams: stdout/stderr events while the command writes, then the result.
                await ServerSentEvents.StreamAsync(context,
                    onOutput => session.ExecAsync(sessionCommand with { OnOutput = onOutput }, ct),
                    result => RunEndpoints.Serialize(node.Stamp(ResultJson.ToDocument(result))),
                    ex => RunEndpoints.Failure(node, session.Executor, ex)).ConfigureAwait(false);
                return;
            }

            var result = await session.ExecAsync(sessionCommand, ct).ConfigureAwait(false);
            await HttpJson.WriteResultAsync(context, result.Error, node.Stamp(ResultJson.ToDocument(result)), ServerJson.Context.ResultDocument).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task ApplyAsync(HttpContext context, string id)
    {
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.SessionFilesBody).ConfigureAwait(false);
        var changes = new List<FileChange>();
        foreach (var (file, i) in (body.Write ?? []).Select((f, i) => (f, i)))
        {
            var content = RequestMapper.File($"write[{i}]", file);
            changes.Add(new FileChange(content.Path, content.Content, content.Mode) { PathMember = $"write[{i}].path" });
        }

        changes.AddRange((body.Delete ?? []).Select((path, i) => FileChange.Delete(path) with { PathMember = $"delete[{i}]" }));
        if (changes.Count == 0) throw new InvalidRequestException("write/delete", "nothing to apply");
        await WithSessionAsync(context, id, async (session, ct) =>
            await HttpJson.WriteAsync(context, await session.ApplyChangesAsync(changes, ct).ConfigureAwait(false), ServerJson.Context.AppliedChanges).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static async Task ReadFilesAsync(HttpContext context, string id, string? path)
    {
        if (string.IsNullOrEmpty(path)) throw new InvalidRequestException("path", "is required: ?path=FILE-OR-FOLDER");
        await WithSessionAsync(context, id, async (session, ct) =>
        {
            var files = await session.CopyOutAsync([path], ct).ConfigureAwait(false);
            if (files.Count == 0) throw new SessionPathNotFoundException(id, path);
            // One file asked for by its own path comes back as itself; a folder comes back as a tar of its files.
            if (files is [var only] && (only.SandboxPath == path || only.SandboxPath.EndsWith("/" + path.TrimStart('/'), StringComparison.Ordinal)))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(only.Content, ct).ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "application/x-tar";
            using var buffer = new MemoryStream();
            await using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var file in files)
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, file.RelativePath) { Mode = (UnixFileMode)file.Mode, DataStream = new MemoryStream(file.Content.ToArray()) };
                    await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
                }
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static Task TestAsync(HttpContext context, string id) =>
        ReportAsync(context, id, (session, options, ct) => session.RunTestsAsync(options, ct),
            result => result.Execution.Error, (node, result) => node.Stamp(SessionJson.ToDocument(result)), ServerJson.Context.TestDocument);

    private static Task BuildAsync(HttpContext context, string id) =>
        ReportAsync(context, id, (session, options, ct) => session.RunBuildAsync(options, ct),
            result => result.Execution.Error, (node, result) => node.Stamp(SessionJson.ToDocument(result)), ServerJson.Context.BuildDocument);

    // A session's tests or build: with events, the tool's output as it runs and then the report (as a run streams).
    private static async Task ReportAsync<TResult, TDocument>(HttpContext context, string id,
        Func<ISandboxSession, TestRunOptions, CancellationToken, Task<TResult>> run, Func<TResult, ExecutionError?> error,
        Func<FederationNode, TResult, TDocument> document, JsonTypeInfo<TDocument> typeInfo)
    {
        var options = await ReportOptionsAsync(context).ConfigureAwait(false);
        await WithSessionAsync(context, id, async (session, ct) =>
        {
            var node = Node(context);
            if (HttpJson.WantsEvents(context))
            {
                await ServerSentEvents.StreamAsync(context,
                    onOutput => run(session, options with { OnOutput = onOutput }, ct),
                    result => RunEndpoints.Serialize(document(node, result)),
                    ex => RunEndpoints.Failure(node, session.Executor, ex)).ConfigureAwait(false);
                return;
            }

            var result = await run(session, options, ct).ConfigureAwait(false);
            await HttpJson.WriteResultAsync(context, error(result), document(node, result), typeInfo).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static Task StatsAsync(HttpContext context, string id) =>
        WithSessionAsync(context, id, async (session, ct) =>
            await HttpJson.WriteAsync(context, SessionJson.ToDocument(await session.GetStatsAsync(ct).ConfigureAwait(false)), ServerJson.Context.SessionStatsDocument).ConfigureAwait(false));

    private static Task DeleteAsync(HttpContext context, string id) =>
        WithSessionAsync(context, id, async (session, _) =>
        {
            await session.DisposeAsync().ConfigureAwait(false);
            context.RequestServices.GetRequiredService<SessionOwners>().Remove(Node(context).LocalId(id));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });

    private static async Task<TestRunOptions> ReportOptionsAsync(HttpContext context)
    {
        var body = await HttpJson.ReadAsync(context, ServerJson.Context.SessionReportBody, () => new SessionReportBody()).ConfigureAwait(false);
        return new TestRunOptions
        {
            Command = body.Command is { } line ? ["/bin/sh", "-c", line] : null,
            Timeout = body.Timeout is { } timeout ? RequestMapper.Time("timeout", timeout) : null,
        };
    }

    private static FederationNode Node(HttpContext context) => context.RequestServices.GetRequiredService<FederationNode>();

    // Opens the caller's own session (anyone else's is "not found") while tracking the work for shutdown. A session of
    // another node never gets here (SessionRouting forwards it); this node's name is stripped from the id.
    private static async Task WithSessionAsync(HttpContext context, string id, Func<ISandboxSession, CancellationToken, Task> action)
    {
        var (runtime, _, tenant) = RunEndpoints.Caller(context);
        var local = Node(context).LocalId(id);
        if (!context.RequestServices.GetRequiredService<SessionOwners>().Owns(tenant, local)) throw new SessionNotFoundException(id, []);
        using var run = context.RequestServices.GetRequiredService<RunTracker>().Begin(context.RequestAborted);
        var session = await runtime.OpenSessionAsync(local, cancellationToken: run.Token).ConfigureAwait(false);
        await action(session, run.Token).ConfigureAwait(false);
    }
}
