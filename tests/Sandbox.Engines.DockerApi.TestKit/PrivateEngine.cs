using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// A private engine of <typeparamref name="TTarget"/>'s kind that a test may kill and restart: its own daemon, socket,
/// state and (for Docker) containerd, started by <c>build/engines/private-engine.sh</c> in a temporary folder with the
/// Python image loaded. The shared engines other tests use are never touched; only this daemon's own pid is killed.
/// Disposal stops it and removes everything it had (containers, mounts, the folder). Without root or the engine's
/// binaries it skips (locally) or fails (<c>CI=true</c>), like <see cref="EngineGate"/>.
/// </summary>
public sealed class PrivateEngine<TTarget> : IAsyncLifetime where TTarget : IEngineTarget
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"sbx-engine-{TTarget.Dialect.Name}-{Guid.NewGuid():N}"[..32]);
    private string? _problem;

    /// <summary>The private engine's endpoint (<c>unix://…/engine.sock</c>).</summary>
    public string Endpoint => $"unix://{_directory}/engine.sock";

    /// <summary>Settings for an executor on the private engine, with the repository's Python image.</summary>
    public ContainerEngineSettings Settings(int engineRestartWaitSeconds) => new()
    {
        Endpoint = Endpoint,
        DefaultImage = TestImages.Python,
        EngineRestartWaitSeconds = engineRestartWaitSeconds,
        PullPolicy = ImagePullPolicy.Never,
    };

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (Environment.UserName != "root") _problem = "the private engine needs root";
        else _problem = await RunAsync("start", TTarget.Dialect.Name, _directory, TestImages.Python);
    }

    /// <summary>Skips (locally) or fails (CI) the test when the private engine could not be started.</summary>
    public void Require() => EngineGate.Require(_problem is null, $"a private {TTarget.Dialect.Name} engine (build/engines/private-engine.sh)", _problem ?? "");

    /// <summary>SIGKILLs the private daemon (its recorded pid only) and waits until it is gone.</summary>
    public async Task KillAsync() => Assert.Null(await RunAsync("kill", _directory));

    /// <summary>Starts the private daemon again on the same state and waits until it answers.</summary>
    public async Task RestartAsync() => Assert.Null(await RunAsync("restart", _directory));

    /// <summary>Kills the daemon, leaves it down for a second (calls in flight fail), then starts it again.</summary>
    public async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        await KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await RestartAsync();
    }

    /// <summary>A raw client of the private engine, for assertions.</summary>
    public DockerClient RawClient() => new DockerClientConfiguration(new Uri(Endpoint)).CreateClient(TTarget.Dialect.ApiVersion);

    /// <summary>Every container on the private engine (all of them are the test's own).</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync()
    {
        using var client = RawClient();
        return await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
    }

    /// <summary>Every volume on the private engine.</summary>
    public async Task<IList<VolumeResponse>> VolumesAsync()
    {
        using var client = RawClient();
        return (await client.Volumes.ListAsync()).Volumes ?? [];
    }

    /// <summary>Waits until a container of the private engine runs; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!(await ContainersAsync()).Any(c => c.State == "running"))
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < timeout, $"no container ran on the private engine within {timeout.TotalSeconds} s");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Environment.UserName == "root") await RunAsync("stop", _directory);
        Assert.False(Directory.Exists(_directory), $"the private engine's folder {_directory} was not removed");
    }

    // The script's problem (exit code and output), or null when it succeeded.
    private static async Task<string?> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryLayout.PathOf("build", "engines", "private-engine.sh"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return $"private-engine.sh {arguments[0]} did not finish within {ScriptTimeout.TotalMinutes} min";
        }

        return process.ExitCode == 0 ? null : $"private-engine.sh {arguments[0]} exited {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}";
    }
}
