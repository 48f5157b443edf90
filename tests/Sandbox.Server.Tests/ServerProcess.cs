using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Sandbox.TestUtilities;

namespace Sandbox.Server.Tests;

/// <summary>
/// A real <c>sandbox serve</c> process (the CLI's build) on a temporary Unix socket and a loopback port with a token
/// file, and HTTP clients for it. Disposing stops it with SIGTERM and removes its folder.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    public const string TokenA = "token-alice-0123456789";
    public const string TokenB = "token-bob-0123456789";
    public const string TokenSmall = "token-small-0123456789";

    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Tenants alice and bob with the default quota; small with a tight one.</summary>
    public const string DefaultConfig = """
        {
          "defaults": { "image": "${SANDBOX_IMAGE_PYTHON}" },
          "server": {
            "shutdownGrace": "4s",
            "quotas": {
              "small": { "maxLiveSandboxes": 1, "maxQueuedRuns": 0, "maxSessions": 0, "bodyLimit": "64k", "maxTimeout": "20s", "maxMemory": "256m" }
            }
          }
        }
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly DirectoryInfo _folder;
    private readonly bool _ownsFolder;

    private ServerProcess(Process process, DirectoryInfo folder, bool ownsFolder)
    {
        _process = process;
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    /// <summary>The Unix socket it listens on.</summary>
    public string SocketPath => Path.Combine(_folder.FullName, "sandbox.sock");

    /// <summary>The folder holding its configuration, tokens and socket.</summary>
    public string Folder => _folder.FullName;

    /// <summary>Its loopback TCP address.</summary>
    public Uri TcpAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Its process id (the owner recorded on its sandboxes).</summary>
    public int Pid => _process.Id;

    /// <summary>Everything it wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>The CLI that <c>./sandbox</c> runs, built in this test build's configuration.</summary>
    public static string CliPath
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory);
            return RepositoryLayout.PathOf("src", "Sandbox.Cli", "bin", framework.Parent!.Name, framework.Name, "sandbox.dll");
        }
    }

    /// <summary>Starts a server with <paramref name="config"/> and waits until it serves.</summary>
    public static Task<ServerProcess> StartAsync(string config = DefaultConfig, string? folder = null, params string[] extraArguments) =>
        StartAsync(config, folder, tcpPort: 0, extraArguments);

    /// <summary>Starts a server with <paramref name="config"/> on loopback <paramref name="tcpPort"/> (0: any) and waits until it serves.</summary>
    public static Task<ServerProcess> StartAsync(string config, string? folder, int tcpPort, params string[] extraArguments) =>
        StartAsync(CliPath, config, folder, tcpPort, extraArguments);

    /// <summary>Starts the server of the CLI build <paramref name="cli"/> (a <c>sandbox.dll</c>) and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(string cli, string config, string? folder, int tcpPort, params string[] extraArguments)
    {
        var directory = folder is null ? Directory.CreateTempSubdirectory("sandbox-server-") : new DirectoryInfo(folder);
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "sandbox.json"), config);
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "tokens"), $"alice:{TokenA}\nbob:{TokenB}\nsmall:{TokenSmall}\n");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = directory.FullName };
        foreach (var argument in (string[])["exec", cli, "serve", "--config", "sandbox.json", "--token-file", "tokens",
                     "--listen", $"unix:{Path.Combine(directory.FullName, "sandbox.sock")}", "--listen", $"http://127.0.0.1:{tcpPort}", .. extraArguments])
            start.ArgumentList.Add(argument);
        var server = new ServerProcess(Process.Start(start)!, directory, ownsFolder: folder is null);
        await server.WaitUntilServingAsync();
        return server;
    }

    /// <summary>A client on the TCP listener with <paramref name="token"/> (none when <c>null</c>).</summary>
    public HttpClient Tcp(string? token = TokenA)
    {
        var client = new HttpClient { BaseAddress = TcpAddress, Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client on the Unix socket (no token).</summary>
    public HttpClient Unix()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>Sends <paramref name="signal"/> to the server process.</summary>
    public void Signal(int signal) => Signal(_process.Id, signal);

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="pid"/>.</summary>
    public static void Signal(int pid, int signal) => Assert.Equal(0, kill(pid, signal));

    /// <summary>Waits for the process to exit; <c>false</c> when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Its exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(SigTerm);
            if (!await WaitForExitAsync(TimeSpan.FromMinutes(1))) _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        if (_ownsFolder) _folder.Delete(recursive: true);
    }

    private async Task WaitUntilServingAsync()
    {
        var serving = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("sandbox: serving on ", StringComparison.Ordinal)) serving.TrySetResult(e.Data);
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(serving.Task, exited, Task.Delay(StartTimeout));
        if (first != serving.Task)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            Assert.Fail($"the server did not start (exited: {_process.HasExited}):\n{Stderr}");
        }

        var port = PortPattern().Match(await serving.Task);
        Assert.True(port.Success, await serving.Task);
        TcpAddress = new Uri($"http://127.0.0.1:{port.Groups[1].Value}/");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)")]
    private static partial Regex PortPattern();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
