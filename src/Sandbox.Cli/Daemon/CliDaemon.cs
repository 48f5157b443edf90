using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using Sandbox.Abstractions;
using Sandbox.Abstractions.Diagnostics;
using Sandbox.Cli.Commands;
using Sandbox.Core.Configuration;

namespace Sandbox.Cli.Daemon;

/// <summary>
/// The CLI's daemon: a <c>sandbox serve</c> of this user's own, started in the background by the first <c>run</c> or
/// <c>exec</c> that has no server to go to, which serves the later ones on a private socket. A CLI process then only
/// sends its request: no runtime start, no plugin load and no engine client to warm up per command, and a ready sandbox
/// of the kind it asked for last time. Each daemon serves one key (<see cref="DaemonKey"/>) and stops after
/// <see cref="IdleExit"/> without a call, removing its ready sandboxes.
/// </summary>
/// <remarks>
/// On unless <c>SANDBOX_DAEMON=off</c>, <c>--no-server</c>, or in CI (<see cref="ContinuousIntegration"/>: a CI job's
/// steps should not leave a process behind; <c>SANDBOX_DAEMON=on</c> turns it on there).
/// </remarks>
internal static class CliDaemon
{
    /// <summary>The variable that turns the daemon on or off.</summary>
    public const string SwitchVariable = "SANDBOX_DAEMON";

    /// <summary>How long a daemon waits for a call before it stops.</summary>
    public static readonly TimeSpan IdleExit = TimeSpan.FromMinutes(5);

    // The longest path a Unix socket address holds (sun_path, with its terminating zero).
    private const int MaxSocketPath = 107;

    /// <summary>
    /// The address of the daemon that serves this command, when one answers. Otherwise starts one for the next command
    /// (the managed CLI only: the native one hands the command over, and the managed CLI then starts it) and returns
    /// <c>null</c>, so this command runs in this process.
    /// </summary>
    public static string? Find(ParseResult parse, CliConsole console)
    {
        if (OperatingSystem.IsWindows() || !IsCommandLine || !Enabled() || DaemonFiles.DaemonsFolder is not { } folder) return null;
        string key;
        string? configPath;
        try
        {
            (key, configPath) = DaemonKey.Compute(parse.GetValue(CommonOptions.Config));
        }
        catch (SandboxConfigurationException)
        {
            // Run in this process, which reports the configuration's problem as it always does.
            return null;
        }

        var files = new DaemonFiles(folder, key);
        if (files.Socket.Length > MaxSocketPath) return null;
        try
        {
            if (DaemonSocket.Answers(files.Socket)) return files.Address;
        }
        catch (DaemonImpostorException ex)
        {
            // Said whatever the verbosity: someone else's process sits where this user's daemon should.
            console.Report($"{ex.Message} Running in this process.");
            return null;
        }

        if (CliBuild.InProcessRuns) Start(files, configPath, parse, console);
        return null;
    }

    // Only the `sandbox` executable's own command line goes to a daemon: a host that invokes the CLI's commands in its
    // process (tests) is not a CLI a daemon could be started from.
    private static bool IsCommandLine => Assembly.GetEntryAssembly()?.GetName().Name is "sandbox" or "sandbox-native";

    /// <summary>Whether <c>run</c> and <c>exec</c> may use a daemon (<see cref="SwitchVariable"/>, <c>CI</c>).</summary>
    public static bool Enabled() => EnvironmentSwitch.Read(SwitchVariable) ?? !ContinuousIntegration.IsDetected;

    // Starts `sandbox serve --daemon` with this process's environment and does not wait for it: this command runs here
    // meanwhile. A shell gives it /dev/null as stdin and the log as stdout and stderr before the runtime starts (so
    // .NET's console writers are opened on them, and the daemon never holds this process's output open: a caller
    // reading it to the end would wait for the daemon); the daemon then leaves this process's session.
    [UnsupportedOSPlatform("windows")]
    private static void Start(DaemonFiles files, string? configPath, ParseResult parse, CliConsole console)
    {
        try
        {
            DaemonFiles.CreateFolder(files.Folder);
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (var argument in (string[])["-c", "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "sandbox-daemon", files.Log, Environment.ProcessPath!])
                start.ArgumentList.Add(argument);
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
                start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, DaemonKey.ManagedAssembly));
            foreach (var argument in (string[])["serve", ServeCommand.DaemonOption, "--listen", files.Address]) start.ArgumentList.Add(argument);
            if (configPath is not null)
            {
                start.ArgumentList.Add("--config");
                start.ArgumentList.Add(configPath);
            }

            using var daemon = Process.Start(start)!;
            if (parse.GetValue(CommonOptions.Verbose)) console.Report($"started the CLI daemon (pid {daemon.Id}, log {files.Log}) for the next commands");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Only the next command's speed is at stake: this one runs here all the same.
            if (parse.GetValue(CommonOptions.Verbose)) console.Report($"could not start the CLI daemon: {ex.Message}");
        }
    }
}
