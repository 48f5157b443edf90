using Microsoft.Build.Framework;

namespace Sandbox.Build;

// The task's parameters. They mirror the options of `sandbox run` / `sandbox exec`; docs/msbuild.md has the table.
public sealed partial class SandboxRun
{
    /// <summary>Executor to run on: <c>docker</c>, <c>podman</c>, <c>host</c> or a plugin. Default: the configuration's <c>defaultExecutor</c>, else docker.</summary>
    public string? Executor { get; set; }

    /// <summary>Container image for image-based executors. Default: the configuration's <c>defaults.image</c>.</summary>
    public string? Image { get; set; }

    /// <summary>
    /// The command line to run, e.g. <c>python3 gen.py</c>. Split into arguments like a POSIX shell would split words
    /// (quotes and backslashes), but no shell runs it: write <c>sh -c '...'</c> for pipes and variables.
    /// </summary>
    public string? Command { get; set; }

    /// <summary>The command as exact arguments, one item each (program first). An alternative to <see cref="Command"/>.</summary>
    public string[]? Arguments { get; set; }

    /// <summary>Environment variables as <c>NAME=value</c> items. Nothing from the build's environment is passed implicitly.</summary>
    public string[]? Environment { get; set; }

    /// <summary>
    /// Host files or folders copied into the sandbox before the command starts. Metadata <c>SandboxPath</c> says where
    /// (absolute, or relative to <see cref="WorkingDirectory"/>; ending in <c>/</c> puts the item's file name in that
    /// folder). Default: the working directory plus <c>%(RecursiveDir)%(Filename)%(Extension)</c>.
    /// </summary>
    public ITaskItem[]? CopyIn { get; set; }

    /// <summary>Sandbox paths (files or folders, absolute or relative to the working directory) collected after the run.</summary>
    public string[]? CopyOut { get; set; }

    /// <summary>Host folder the <see cref="CopyOut"/> files are written to; required with CopyOut.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Working directory inside the sandbox. Default: <c>/workspace</c>.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Memory limit, e.g. <c>256m</c>. Default: the configuration's, else 512m.</summary>
    public string? Memory { get; set; }

    /// <summary>CPU quota in cores, e.g. <c>0.5</c>. Default: 1.</summary>
    public string? Cpus { get; set; }

    /// <summary>Maximum number of processes and threads. Default: 128.</summary>
    public string? Pids { get; set; }

    /// <summary>Wall-clock limit, e.g. <c>60s</c> or <c>2m</c>; <c>none</c> removes it (warning SBX0006). Default: 30s.</summary>
    public string? Timeout { get; set; }

    /// <summary>Network: <c>none</c> (default), <c>bridge</c> (warning SBX0002) or <c>host</c> (warning SBX0003).</summary>
    public string? Network { get; set; }

    /// <summary>Size of the writable /tmp, e.g. <c>64m</c>.</summary>
    public string? TmpfsSize { get; set; }

    /// <summary>Bytes kept per output stream, e.g. <c>1m</c>; the rest is discarded (warning SBXB104).</summary>
    public string? OutputLimit { get; set; }

    /// <summary>A host file fed to the command's standard input.</summary>
    public string? StandardInputFile { get; set; }

    /// <summary>Harness template for a code run (see <c>sandbox templates</c>), e.g. <c>python-handler</c>. Needs <see cref="Code"/>.</summary>
    public string? Template { get; set; }

    /// <summary>The file with the code a <see cref="Template"/> runs.</summary>
    public string? Code { get; set; }

    /// <summary>A JSON file handed to the code as its input (default <c>{}</c>).</summary>
    public string? Input { get; set; }

    /// <summary>Fail the build when the command exits with a non-zero code. Default: true.</summary>
    public bool FailOnNonZeroExit { get; set; } = true;

    /// <summary>Skip the validators (warning SBX0014).</summary>
    public bool NoValidate { get; set; }

    /// <summary>Run even if the executor cannot enforce every limit (warning SBX0016).</summary>
    public bool AllowWeakerIsolation { get; set; }

    /// <summary>A <c>sandbox.json</c>. Default: <c>$SANDBOX_CONFIG</c>, else <c>sandbox.json</c> next to the project, else built-in defaults.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Importance of the command's stdout lines in the build log: <c>High</c> (default), <c>Normal</c> or <c>Low</c>.</summary>
    public string StandardOutputImportance { get; set; } = nameof(MessageImportance.High);

    /// <summary>Importance of the command's stderr lines in the build log: <c>High</c> (default), <c>Normal</c> or <c>Low</c>.</summary>
    public string StandardErrorImportance { get; set; } = nameof(MessageImportance.High);

    /// <summary>The <c>sandbox.dll</c> to drive. Default: the CLI bundled in the package (<c>tools/net10.0</c>).</summary>
    public string? ToolPath { get; set; }

    /// <summary>The <c>dotnet</c> executable that starts the CLI. Default: <c>$DOTNET_HOST_PATH</c> (set by the .NET SDK), else <c>dotnet</c>.</summary>
    public string? DotNetHostPath { get; set; }

    /// <summary>
    /// The CLI's exit code: the command's own, or 124 (timed out), 137 (out of memory), 126 (rejected by validation),
    /// 125 (the sandbox could not run it); -1 when the task did not start it or the build was cancelled.
    /// </summary>
    [Output]
    public int ExitCode { get; private set; } = -1;

    /// <summary>The command's standard output (for a <see cref="Template"/> run: the code's result as JSON).</summary>
    [Output]
    public string StandardOutput { get; private set; } = "";

    /// <summary>The result as <c>sandbox run --json</c> prints it (<c>sandbox exec --json</c> for a template run).</summary>
    [Output]
    public string ResultJson { get; private set; } = "";

    /// <summary>
    /// The files written to <see cref="OutputDirectory"/>, with metadata <c>SandboxPath</c> (where it came from) and
    /// <c>RelativePath</c> (its path under OutputDirectory).
    /// </summary>
    [Output]
    public ITaskItem[] CollectedFiles { get; private set; } = [];
}
