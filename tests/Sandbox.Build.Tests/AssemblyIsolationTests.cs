using System.Runtime.InteropServices;

namespace Sandbox.Build.Tests;

/// <summary>
/// What the task brings into MSBuild's process: only the contract, never the runtime, plugins or CLI dependencies
/// (they run in the CLI's own process; see docs/design/msbuild-task.md).
/// </summary>
public sealed class AssemblyIsolationTests
{
    [Fact]
    public void The_task_assembly_references_only_MSBuild_the_shared_framework_and_the_contract()
    {
        var framework = RuntimeEnvironment.GetRuntimeDirectory();
        var references = typeof(SandboxRun).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        var foreign = references.Where(name =>
            !File.Exists(Path.Combine(framework, name + ".dll"))
            && !name.StartsWith("Microsoft.Build.", StringComparison.Ordinal)
            && name != "Sandbox.Abstractions");

        Assert.Empty(foreign);
    }
}
