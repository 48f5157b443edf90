using Sandbox.Abstractions;
using Sandbox.Core.Sessions.Parsing;

namespace Sandbox.Core.Sessions;

/// <summary>
/// What an agent does with a project's session, on any executor that supports sessions: apply changes, run the
/// tests, run the build — with results parsed into types instead of text.
/// </summary>
public static class SessionOperations
{
    /// <summary>
    /// Applies <paramref name="changes"/>: every path is checked first (relative to the working directory or absolute,
    /// no <c>..</c>), so a bad change applies nothing; then deletions run, then writes.
    /// </summary>
    /// <exception cref="InvalidRequestException">A path is unsafe, a mode is not permission bits, or one path is both written and deleted.</exception>
    public static async Task<AppliedChanges> ApplyChangesAsync(this ISandboxSession session, IReadOnlyList<FileChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(changes);
        var workdir = session.Spec.WorkingDirectory;
        var resolved = changes.Select((c, i) => (Change: c, Path: SandboxPaths.Resolve(c.Path, workdir, c.PathMemberAt(i)))).ToList();
        for (var i = 0; i < changes.Count; i++) RequestGuard.ValidateMode(changes[i].Mode, $"changes[{i}].mode");
        var both = resolved.Where(r => r.Change.IsDelete).Select(r => r.Path).Intersect(resolved.Where(r => !r.Change.IsDelete).Select(r => r.Path), StringComparer.Ordinal).FirstOrDefault();
        if (both is not null) throw new InvalidRequestException("changes", $"'{both}' is both written and deleted");

        var deleted = resolved.Where(r => r.Change.IsDelete).Select(r => r.Path).Distinct(StringComparer.Ordinal).ToList();
        var written = resolved.Where(r => !r.Change.IsDelete).Select(r => new SandboxFile(r.Path, r.Change.Content!.Value, r.Change.Mode)).ToList();
        if (deleted.Count > 0) await session.DeleteAsync(deleted, cancellationToken).ConfigureAwait(false);
        if (written.Count > 0) await session.CopyInAsync(written, cancellationToken).ConfigureAwait(false);
        return new AppliedChanges([.. written.Select(f => f.Path)], deleted);
    }

    /// <summary>
    /// Runs the tests: the explicit command of <paramref name="options"/>, or the one detected from the workspace
    /// (pytest, Jest or the package's test script, <c>node --test</c>, <c>go test</c>, Maven, Gradle, RSpec, rake/Minitest,
    /// <c>dotnet test</c>), and parses counts, failed test names and coverage.
    /// </summary>
    /// <exception cref="InvalidRequestException">No command was given and none could be detected.</exception>
    public static async Task<TestRunResult> RunTestsAsync(this ISandboxSession session, TestRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        options ??= TestRunOptions.Default;
        var command = options.Command is { Count: > 0 } explicitCommand
            ? new DetectedCommand(options.Framework, "custom", explicitCommand)
            : CommandDetector.DetectTests(await ProbeAsync(session, cancellationToken).ConfigureAwait(false))
              ?? throw new InvalidRequestException("command", "no test runner was recognised in the workspace (or its tool is not in the image); pass the test command explicitly");
        var execution = await RunAsync(session, command.Command, options, cancellationToken).ConfigureAwait(false);
        // Runners print their summary on stdout, some (Go build errors, Jest) on stderr: read both.
        var report = TestOutputParser.Parse(command.Framework, execution.Stdout + "\n" + execution.Stderr);
        return new TestRunResult
        {
            Framework = report?.Framework ?? command.Framework,
            Command = command.Command,
            Report = report,
            Execution = execution,
        };
    }

    /// <summary>Runs the build (explicit, or detected: dotnet, go, Maven, Gradle, the package's build script, make, Python byte-compilation).</summary>
    /// <exception cref="InvalidRequestException">No command was given and none could be detected.</exception>
    public static async Task<BuildRunResult> RunBuildAsync(this ISandboxSession session, TestRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        options ??= TestRunOptions.Default;
        var command = options.Command is { Count: > 0 } explicitCommand
            ? new DetectedCommand(TestFramework.Unknown, "custom", explicitCommand)
            : CommandDetector.DetectBuild(await ProbeAsync(session, cancellationToken).ConfigureAwait(false))
              ?? throw new InvalidRequestException("command", "no build was recognised in the workspace (or its tool is not in the image); pass the build command explicitly");
        var execution = await RunAsync(session, command.Command, options, cancellationToken).ConfigureAwait(false);
        var (errors, warnings) = BuildOutputParser.Parse(command.Tool, execution.Stdout + "\n" + execution.Stderr);
        return new BuildRunResult { Tool = command.Tool, Command = command.Command, Errors = errors, Warnings = warnings, Execution = execution };
    }

    /// <summary>Looks at the session's workspace and image (one short command).</summary>
    public static async Task<WorkspaceFacts> ProbeAsync(this ISandboxSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var probe = await session.ExecAsync(SessionCommand.For([.. WorkspaceFacts.ProbeCommand]), cancellationToken).ConfigureAwait(false);
        if (probe.ExitCode != 0) throw new InvalidRequestException("workspace", $"the workspace probe failed (exit {probe.ExitCode}): {probe.Stderr.Trim()}");
        return WorkspaceFacts.Parse(probe.Stdout);
    }

    private static Task<ExecutionResult> RunAsync(ISandboxSession session, IReadOnlyList<string> command, TestRunOptions options, CancellationToken cancellationToken) =>
        session.ExecAsync(new SessionCommand
        {
            Command = command,
            Timeout = options.Timeout,
            OutputBytes = options.OutputBytes,
            OnOutput = options.OnOutput,
        }, cancellationToken);
}
