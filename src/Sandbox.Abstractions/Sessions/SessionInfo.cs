namespace Sandbox.Abstractions;

/// <summary>A session as <see cref="IDetachedSessionExecutor.ListSessionsAsync"/> reports it.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Executor">The executor that runs it.</param>
/// <param name="Image">Its image, for image-based executors.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When a detached session expires; <c>null</c> for a session owned by a process.</param>
/// <param name="Running">Whether it accepts commands (a detached session stops when it expires).</param>
public sealed record SessionInfo(string Id, string Executor, string? Image, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Running);
