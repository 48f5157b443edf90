using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Telemetry.Tests;

/// <summary>
/// Debian's Prometheus (build/observability/install.sh), started on a free loopback port with a generated config that
/// scrapes one target every second, and its data in a temporary folder; disposing stops it and deletes the folder.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly HttpClient _http;

    private PrometheusProcess(Process process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static async Task<PrometheusProcess> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        EngineGate.Require(File.Exists(Binary), "Prometheus", "run bash build/observability/install.sh (build/setup.sh does)");
        var folder = Directory.CreateTempSubdirectory("sandbox-prometheus-");
        var port = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: sandbox
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """, cancellationToken);
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[$"--config.file={folder.FullName}/prometheus.yml", $"--storage.tsdb.path={folder.FullName}/data", $"--web.listen-address=127.0.0.1:{port}"])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        // Drained so the process never blocks on a full pipe; shown when it fails to come up.
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new PrometheusProcess(process, folder, port);
        try
        {
            await prometheus.UntilAsync(async () => (await prometheus._http.GetAsync("-/ready", cancellationToken)).IsSuccessStatusCode,
                () => $"Prometheus did not become ready: {string.Join('\n', log.TakeLast(10))}", cancellationToken);
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value of an instant PromQL query returning one sample, or <c>null</c> while it returns none.</summary>
    public async Task<double?> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0) return null;
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> every 250 ms for up to 60 s.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, Func<string> failure, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline || _process.HasExited) Assert.Fail(failure());
            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}
