using System.Text.Json;
using Sandbox.Abstractions;
using Sandbox.Core.Pooling;
using Sandbox.Egress;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Egress allow-lists (#17) against a fake internet owned by the test: the allowed name works through the proxy, and
/// every other way out is refused at once and shows up in <see cref="ExecutionResult.Network"/>.
/// </summary>
public abstract class ContainerEgressTests<TTarget> : IAsyncLifetime where TTarget : IEngineTarget
{
    // Every way out the issue names, each timed inside the sandbox; printed as one JSON object.
    private const string Probe = """
        import json, os, socket, ssl, sys, time, urllib.request
        allowed_ip = sys.argv[1]
        proxy_host, proxy_port = os.environ['HTTP_PROXY'].split('//')[1].split(':')
        ctx = ssl.create_default_context(cafile='ca.pem')
        results = {}
        def case(name, f):
            started = time.monotonic()
            try:
                out = f()
            except Exception as e:
                out = 'error ' + type(e).__name__ + ' ' + str(e)[:120]
            results[name] = {'out': out if isinstance(out, str) else repr(out), 'ms': int((time.monotonic() - started) * 1000)}
        def get(url):
            return urllib.request.urlopen(url, timeout=5, context=ctx if url.startswith('https') else None).read().decode()
        def raw(text, read=200):
            s = socket.create_connection((proxy_host, int(proxy_port)), timeout=5)
            s.sendall(text.encode())
            return s.recv(read).decode(errors='replace').split('\r\n')[0]
        def udp():
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(0.5)
            s.sendto(b'ping', (allowed_ip, 9999))
            return s.recv(10)
        def sni_mismatch():
            s = socket.create_connection((proxy_host, int(proxy_port)), timeout=5)
            s.sendall(b'CONNECT allowed.test:443 HTTP/1.1\r\nHost: allowed.test:443\r\n\r\n')
            s.recv(100)
            tls = ssl.create_default_context(cafile='ca.pem').wrap_socket(s, server_hostname='denied.test')
            return tls.recv(10)
        case('http_allowed', lambda: get('http://allowed.test/'))
        case('https_allowed', lambda: get('https://allowed.test/'))
        case('http_denied', lambda: get('http://denied.test/'))
        case('https_denied', lambda: get('https://denied.test/'))
        case('raw_ip', lambda: get('http://' + allowed_ip + '/'))
        case('other_port', lambda: get('http://allowed.test:8080/'))
        case('direct_tcp', lambda: socket.create_connection((allowed_ip, 80), timeout=5).recv(10))
        case('dns', lambda: socket.getaddrinfo('allowed.test', 80))
        case('udp', udp)
        case('ipv6', lambda: socket.create_connection(('2001:db8::1', 80), timeout=5))
        case('connect_denied', lambda: raw('CONNECT denied.test:443 HTTP/1.1\r\nHost: denied.test:443\r\n\r\n'))
        case('spoofed_host', lambda: raw('GET http://allowed.test/ HTTP/1.1\r\nHost: denied.test\r\n\r\n'))
        case('sni_mismatch', sni_mismatch)
        print(json.dumps(results))
        """;

    // Each URL's body, or "error" and why.
    private const string Fetch = "import sys, urllib.request\nfor url in sys.argv[1:]:\n try:\n  print(urllib.request.urlopen(url, timeout=5).read().decode(), end='')\n except Exception as e:\n  print('error', e)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeInternet? _internet;

    private FakeInternet Internet => _internet!;

    public async ValueTask InitializeAsync()
    {
        await TestEngine<TTarget>.RequireAsync();
        _internet = await FakeInternet.StartAsync();
        Environment.SetEnvironmentVariable(HostResolver.HostsFileVariable, _internet.HostsFile);
        Environment.SetEnvironmentVariable(UpstreamTrust.ExtraRootsVariable, _internet.CaFile);
    }

    public async ValueTask DisposeAsync()
    {
        if (_internet is not null) await _internet.DisposeAsync();
    }

    private ExecutionRequest Request(params string[] command) => TestEngine<TTarget>.Request(command) with
    {
        Egress = EgressPolicy.Parse([FakeInternet.AllowedName], null),
        Files = [SandboxFile.FromText("ca.pem", Internet.CaPem)],
    };

    [Fact]
    public async Task Only_the_allowed_name_is_reachable_and_every_other_way_out_fails_fast_and_is_reported()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();

        var result = await executor.ExecuteAsync(Request("python3", "-c", Probe, Internet.AllowedAddress.ToString()), Ct);

        Assert.True(result.Succeeded, result.Stderr + result.Error?.Message);
        TestContext.Current.TestOutputHelper?.WriteLine(result.Stdout + JsonSerializer.Serialize(result.Network) + string.Join(", ", result.Phases.Select(p => $"{p.Name} {p.Duration.TotalMilliseconds:0}")));
        var cases = JsonDocument.Parse(result.Stdout).RootElement;
        string Out(string name) => cases.GetProperty(name).GetProperty("out").GetString()!;
        Assert.Equal("hello from allowed.test:80\n", Out("http_allowed"));
        Assert.Equal("hello from allowed.test:443\n", Out("https_allowed"));
        foreach (var name in new[] { "http_denied", "https_denied", "raw_ip", "other_port", "direct_tcp", "dns", "udp", "ipv6", "connect_denied", "spoofed_host", "sni_mismatch" })
        {
            var outcome = Out(name);
            Assert.True(outcome.StartsWith("error", StringComparison.Ordinal) || outcome.Contains("403", StringComparison.Ordinal) || outcome == "b''", $"{name} was not blocked: {outcome}");
            Assert.True(cases.GetProperty(name).GetProperty("ms").GetInt32() < 1000, $"{name} took {cases.GetProperty(name).GetProperty("ms")} ms: {outcome}");
        }

        var network = Assert.IsType<NetworkReport>(result.Network);
        Assert.Contains(network.Allowed, a => a is { Host: FakeInternet.AllowedName, Port: 80, Requests: 1 } && a.Bytes > 0);
        Assert.Contains(network.Allowed, a => a is { Host: FakeInternet.AllowedName, Port: 443, Requests: 1 });
        var ip = Internet.AllowedAddress.ToString();
        var blocked = network.Blocked.Select(b => $"{b.Host}:{b.Port} {b.Why}").ToArray();
        foreach (var expected in new[]
        {
            "denied.test:80 not allowed", "denied.test:443 not allowed", $"{ip}:80 not allowed", "allowed.test:8080 not allowed",
            $"{ip}:80 direct connection", "denied.test:80 host header mismatch", "denied.test:443 sni mismatch",
        })
        {
            Assert.Contains(expected, blocked);
        }

        Assert.Contains(network.Blocked, b => b.Why is "dns query" or "udp datagram");
        // The fake server saw only the allowed requests.
        Assert.DoesNotContain(Internet.Requests, r => r.StartsWith(FakeInternet.DeniedName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_of_an_egress_run_remains_afterwards()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var request = Request("python3", "-c", "import time, urllib.request; print(urllib.request.urlopen('http://allowed.test/', timeout=5).read().decode()); time.sleep(1)");

        var running = executor.ExecuteAsync(request, Ct);
        string? bridge = null;
        while (bridge is null && !running.IsCompleted)
        {
            bridge = (await BridgesLabelledAsync(SandboxLabels.RequestId, request.Id!)).SingleOrDefault();
            await Task.Delay(50, Ct);
        }

        var result = await running;

        Assert.True(result.Succeeded, result.Stderr + result.Error?.Message);
        Assert.True(result.CleanupSucceeded);
        Assert.Equal("hello from allowed.test:80\n\n", result.Stdout);
        Assert.NotNull(bridge);
        Assert.Empty(await BridgesLabelledAsync(SandboxLabels.RequestId, request.Id!));
        // The fence's chains (filter SBX-, nat SBXN-, mangle SBXM-) and any engine rule are named after the run's bridge.
        Assert.DoesNotContain(bridge, await RunAsync("iptables-save"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_secret_header_reaches_the_allowed_server_while_the_sandbox_never_sees_its_value()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var (value, policy) = SecretIn("SANDBOX_EGRESS_TEST_TOKEN");
        // Both schemes through the proxy (HTTPS with the run's CA from SSL_CERT_FILE), then everything the sandbox can see.
        const string probe = """
            import glob, os, urllib.request
            print(urllib.request.urlopen('https://allowed.test/', timeout=5).read().decode(), end='')
            print(urllib.request.urlopen(urllib.request.Request('http://allowed.test/', headers={'X-Api-Key': 'sandbox-value'}), timeout=5).read().decode(), end='')
            print(chr(10).join(f'{k}={v}' for k, v in os.environ.items()))
            for path in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline'):
                try:
                    print(open(path, 'rb').read().decode(errors='replace'))
                except OSError:
                    pass
            for root in ['/etc/sandbox-egress', '/workspace', '/tmp', '/etc']:
                for folder, _, files in os.walk(root):
                    for name in files:
                        try:
                            print(open(os.path.join(folder, name), 'rb').read().decode(errors='replace'))
                        except OSError:
                            pass
            """;
        var request = Request("python3", "-c", probe) with { Egress = policy };

        var before = Directory.GetDirectories(Path.GetTempPath(), "sandbox-egress-*");

        var result = await executor.ExecuteAsync(request, Ct);

        Assert.True(result.Succeeded, result.Stderr + result.Error?.Message);
        Assert.StartsWith("hello from allowed.test:443\nhello from allowed.test:80\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("SSL_CERT_FILE=/etc/sandbox-egress/bundle.pem", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(value, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Internet.Requests, r => r.StartsWith("allowed.test:443 ", StringComparison.Ordinal) && r.Contains($"X-Api-Key: {value}", StringComparison.Ordinal));
        // The sandbox's own value for the header is replaced, never forwarded beside the secret.
        Assert.Contains(Internet.Requests, r => r.StartsWith("allowed.test:80 ", StringComparison.Ordinal) && r.Contains($"X-Api-Key: {value}", StringComparison.Ordinal) && !r.Contains("sandbox-value", StringComparison.Ordinal));
        // Its trust directory is gone (the other engine's suite may hold one of its own meanwhile: told apart by the CA the probe printed).
        foreach (var left in Directory.GetDirectories(Path.GetTempPath(), "sandbox-egress-*").Except(before))
        {
            var ca = Path.Combine(left, "ca.pem");
            Assert.False(File.Exists(ca) && result.Stdout.Contains(File.ReadAllText(ca).Trim(), StringComparison.Ordinal), $"{left} was left behind");
        }
    }

    [Fact]
    public async Task A_killed_egress_run_leaves_its_network_and_fence_to_the_next_sweep_which_removes_both()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var app = Path.Combine(AppContext.BaseDirectory, "Sandbox.Engines.DockerApi.OrphanMaker.dll");
        var start = new System.Diagnostics.ProcessStartInfo(OrphanMakerHost.Dotnet, [app, TTarget.Dialect.Name, TestImages.Python, "egress"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var child = System.Diagnostics.Process.Start(start)!;
        var owner = child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var line = await child.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(90), Ct);
            Assert.True(line == "ready", $"child said '{line}': {(child.HasExited ? await child.StandardError.ReadToEndAsync(Ct) : "")}");
        }
        finally
        {
            child.Kill(); // SIGKILL: the fence and network stay behind.
            await child.WaitForExitAsync(Ct);
        }

        var bridge = Assert.Single(await BridgesLabelledAsync(SandboxLabels.OwnerPid, owner));
        Assert.Contains($"-i {bridge} ", await RunAsync("iptables-save"), StringComparison.Ordinal);

        var report = await executor.CleanupAsync(Ct);

        Assert.True(report.Failed == 0, string.Join("; ", report.Errors));
        Assert.Empty(await BridgesLabelledAsync(SandboxLabels.OwnerPid, owner));
        Assert.DoesNotContain(bridge, await RunAsync("iptables-save"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_with_an_allow_list_reaches_only_the_allowed_name_and_each_command_reports_its_own_share()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var spec = Request("true");

        ExecutionResult allowed, denied;
        string bridge;
        await using (var session = await executor.CreateSessionAsync(spec, Ct))
        {
            bridge = Assert.Single(await BridgesLabelledAsync(SandboxLabels.RequestId, spec.Id!));
            allowed = await session.ExecAsync(SessionCommand.For("python3", "-c", Fetch, "http://allowed.test/"), Ct);
            denied = await session.ExecAsync(SessionCommand.For("python3", "-c", Fetch, "http://denied.test/"), Ct);
        }

        Assert.Equal("hello from allowed.test:80\n", allowed.Stdout);
        Assert.Contains(allowed.Network!.Allowed, a => a is { Host: FakeInternet.AllowedName, Port: 80, Requests: 1 });
        Assert.Empty(allowed.Network.Blocked);
        Assert.StartsWith("error", denied.Stdout, StringComparison.Ordinal);
        Assert.Empty(denied.Network!.Allowed);
        Assert.Contains(denied.Network.Blocked, b => b is { Host: FakeInternet.DeniedName, Port: 80, Why: "not allowed" });
        Assert.Empty(await BridgesLabelledAsync(SandboxLabels.RequestId, spec.Id!));
        Assert.DoesNotContain(bridge, await RunAsync("iptables-save"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pooled_runs_are_served_warm_and_each_gets_its_own_allow_list_and_secrets()
    {
        var executor = await TestEngine<TTarget>.RequireAsync();
        var (value, policy) = SecretIn("SANDBOX_EGRESS_POOLED_TOKEN");
        var run = Guid.NewGuid().ToString("N");
        var withSecret = Request("python3", "-c", Fetch, "https://allowed.test/", "http://allowed.test/") with
        {
            Egress = policy,
            Labels = new Dictionary<string, string> { ["test.run"] = run },
        };
        var elsewhere = Request("python3", "-c", Fetch, "http://allowed.test/") with
        {
            Egress = EgressPolicy.Parse(["elsewhere.test"], null),
            Labels = new Dictionary<string, string> { ["test.run"] = run },
        };

        ExecutionResult first, second;
        string[] bridges;
        await using (var pooled = new PooledExecutor(executor, new PoolOptions { Enabled = true, Default = PoolPolicy.Default with { MinIdle = 1, MaxSize = 2 } }))
        {
            await pooled.WarmAsync(withSecret, Ct);
            await pooled.WarmAsync(elsewhere, Ct);
            bridges = await BridgesLabelledAsync("test.run", run);
            first = await pooled.ExecuteAsync(withSecret, Ct);
            second = await pooled.ExecuteAsync(elsewhere, Ct);
        }

        Assert.True(first.Succeeded, first.Stderr + first.Error?.Message);
        Assert.Equal("hello from allowed.test:443\nhello from allowed.test:80\n", first.Stdout);
        Assert.Equal("pool-acquire", first.Phases[0].Name);
        Assert.DoesNotContain(PooledExecutor.NotPooledForEgress, first.Warnings);
        Assert.Contains(first.Network!.Allowed, a => a is { Host: FakeInternet.AllowedName, Port: 443, Requests: 1 });
        Assert.Contains(Internet.Requests, r => r.StartsWith("allowed.test:443 ", StringComparison.Ordinal) && r.Contains($"X-Api-Key: {value}", StringComparison.Ordinal));
        Assert.DoesNotContain(value, first.Stdout + first.Stderr, StringComparison.Ordinal);
        // The next warm sandbox refused what the first run was allowed: its proxy took only its own run's policy.
        Assert.Equal("pool-acquire", second.Phases[0].Name);
        Assert.StartsWith("error", second.Stdout, StringComparison.Ordinal);
        Assert.Empty(second.Network!.Allowed);
        Assert.Contains(second.Network.Blocked, b => b is { Host: FakeInternet.AllowedName, Port: 80, Why: "not allowed" });
        Assert.Equal(2, bridges.Length);
        Assert.Empty(await BridgesLabelledAsync("test.run", run));
        var rules = await RunAsync("iptables-save");
        Assert.All(bridges, bridge => Assert.DoesNotContain(bridge, rules, StringComparison.OrdinalIgnoreCase));
    }

    // A fresh value in variable (this process's environment, where the proxy reads secrets) and the allow-list that has
    // the proxy add it to requests to the allowed name as X-Api-Key.
    private static (string Value, EgressPolicy Policy) SecretIn(string variable)
    {
        var value = "s3cr3t-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, value);
        return (value, EgressPolicy.Parse([FakeInternet.AllowedName], [$"{FakeInternet.AllowedName}:X-Api-Key={variable}"]));
    }

    // The bridges (named after the egress networks: sandbox-egress-<hex> has sbx<hex>) of the networks labelled so.
    private static async Task<string[]> BridgesLabelledAsync(string label, string value)
    {
        using var client = TestEngine<TTarget>.RawClient();
        var networks = await client.Networks.ListNetworksAsync(new Docker.DotNet.Models.NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
        }, Ct);
        return networks.Select(n => "sbx" + n.Name["sandbox-egress-".Length..]).ToArray();
    }

    private static async Task<string> RunAsync(string tool) => (await HostTool.RunAsync(tool, [])).Output;
}
