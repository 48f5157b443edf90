namespace Sandbox.Core.Sessions;

/// <summary>A command chosen for a workspace, with the runner (or build tool) whose output it prints.</summary>
/// <param name="Framework">The test runner, or <see cref="TestFramework.Unknown"/> for a build.</param>
/// <param name="Tool">Short tool name for reports, e.g. <c>pytest</c>, <c>go</c>, <c>npm</c>.</param>
/// <param name="Command">The argv, run in the session's working directory.</param>
public sealed record DetectedCommand(TestFramework Framework, string Tool, IReadOnlyList<string> Command);
