using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sandbox.Build.Tests.Helpers;

/// <summary>
/// A temporary folder standing in for a project that runs <see cref="SandboxRun"/>: tasks created here log to a
/// <see cref="FakeBuildEngine"/> and drive the CLI built next to the tests (with the fake and host executors bundled).
/// </summary>
internal sealed class ProjectFolder : IDisposable
{
    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sbx-task-");

    public string ProjectFile => Path.Combine(Directory.FullName, "Test.csproj");

    public FakeBuildEngine Engine { get; }

    public ProjectFolder()
    {
        Engine = new FakeBuildEngine(ProjectFile);
    }

    /// <summary>The CLI the tests drive: the one built into the test output with its plugins.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "sandbox.dll");

    /// <summary>A task on the fake executor (override Executor for another).</summary>
    public SandboxRun NewTask() => new() { BuildEngine = Engine, ToolPath = CliPath, Executor = "fake" };

    /// <summary>Writes a file relative to the folder and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory.FullName, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>An item as MSBuild would pass it, with metadata.</summary>
    public static ITaskItem Item(string itemSpec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(itemSpec);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
