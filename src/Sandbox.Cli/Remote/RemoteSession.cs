using System.Formats.Tar;
using Sandbox.Abstractions;
using Sandbox.Core.Results;
using Sandbox.Core.Sessions;
using Sandbox.Server.Contracts;

namespace Sandbox.Cli.Remote;

/// <summary>
/// <c>sandbox session ...</c> through a server: each subcommand is one call to <c>/v1/sessions</c>, and each answer is
/// the document (or result) the local subcommand prints from, so output and exit codes are the same code. The session
/// belongs to the token's tenant, as every session the server makes.
/// </summary>
internal static class RemoteSession
{
    public static Task<SessionCreated> CreateAsync(ServerTarget server, SessionBody body, CancellationToken cancellationToken) =>
        ServerCall.CallAsync<SessionCreated>(server, HttpMethod.Post, "v1/sessions", body, cancellationToken);

    public static async Task<IReadOnlyList<SessionInfo>> ListAsync(ServerTarget server, CancellationToken cancellationToken) =>
        await ServerCall.CallAsync<IReadOnlyList<SessionInfo>>(server, HttpMethod.Get, "v1/sessions", null, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs a command in the session; with <paramref name="stream"/>, its output streams as it is written.</summary>
    public static async Task<ExecutionResult> ExecAsync(ServerTarget server, string id, SessionExecBody body, CancellationToken cancellationToken, RunStream? stream = null) =>
        ResultJson.FromDocument(await ServerCall.CallAsync<ResultJson.ResultDocument>(server, HttpMethod.Post, Path(id, "exec"), body, cancellationToken, stream).ConfigureAwait(false));

    /// <summary>
    /// Applies <paramref name="changes"/> through the server; a refused path is refused here first, so that it is named
    /// as this caller gave it (<see cref="FileChange.PathMember"/>, e.g. <c>--delete</c>), as it is in-process.
    /// </summary>
    public static async Task<AppliedChanges> ApplyAsync(ServerTarget server, string id, IEnumerable<FileChange> changes, CancellationToken cancellationToken)
    {
        var body = new SessionFilesBody { Write = [], Delete = [] };
        foreach (var (change, i) in changes.Select((c, i) => (c, i)))
        {
            SandboxPaths.Resolve(change.Path, "/", change.PathMemberAt(i));
            if (change.Content is { } content) body.Write.Add(new FileBody { Path = change.Path, ContentBase64 = Convert.ToBase64String(content.Span), Mode = change.Mode });
            else body.Delete.Add(change.Path);
        }

        return await ServerCall.CallAsync<AppliedChanges>(server, HttpMethod.Post, Path(id, "files"), body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the session's tests or build (<paramref name="report"/>); with <paramref name="stream"/>, the tool's output streams as it is written.</summary>
    public static Task<T> ReportAsync<T>(ServerTarget server, string id, string report, SessionReportBody body, CancellationToken cancellationToken, RunStream? stream = null) =>
        ServerCall.CallWrappedAsync<T>(server, HttpMethod.Post, Path(id, report), body, cancellationToken, stream);

    public static Task<SessionJson.StatsDocument> StatsAsync(ServerTarget server, string id, CancellationToken cancellationToken) =>
        ServerCall.CallAsync<SessionJson.StatsDocument>(server, HttpMethod.Get, Path(id, "stats"), null, cancellationToken);

    public static async Task DeleteAsync(ServerTarget server, string id, CancellationToken cancellationToken)
    {
        using var response = await ServerCall.SendRawAsync(server, HttpMethod.Delete, $"v1/sessions/{Uri.EscapeDataString(id)}", null, stream: null, cancellationToken).ConfigureAwait(false);
        await ServerCall.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The files under each of <paramref name="paths"/>: the server sends one file as itself and a folder as a tar of its
    /// files, which become the same <see cref="CollectedFile"/>s a local copy-out returns.
    /// </summary>
    public static async Task<IReadOnlyList<CollectedFile>> CopyOutAsync(ServerTarget server, string id, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<CollectedFile>();
        foreach (var path in paths)
        {
            using var response = await ServerCall.SendRawAsync(server, HttpMethod.Get, $"{Path(id, "files")}?path={Uri.EscapeDataString(path)}", null, stream: null, cancellationToken).ConfigureAwait(false);
            // Nothing at a path of a session that exists copies nothing, as in-process (the command then exits 1).
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound && await ExistsAsync(server, id, cancellationToken).ConfigureAwait(false)) continue;
            await ServerCall.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentType?.MediaType != "application/x-tar")
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                files.Add(new CollectedFile(System.IO.Path.GetFileName(path.TrimEnd('/')), path, buffer.ToArray()));
                continue;
            }

            await using var tar = new TarReader(stream);
            while (await tar.GetNextEntryAsync(copyData: true, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var buffer = new MemoryStream();
                await entry.DataStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                files.Add(new CollectedFile(entry.Name, $"{path.TrimEnd('/')}/{entry.Name}", buffer.ToArray()));
            }
        }

        return files;
    }

    private static async Task<bool> ExistsAsync(ServerTarget server, string id, CancellationToken cancellationToken)
    {
        using var response = await ServerCall.SendRawAsync(server, HttpMethod.Get, Path(id, "stats"), null, stream: null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private static string Path(string id, string action) => $"v1/sessions/{Uri.EscapeDataString(id)}/{action}";
}
