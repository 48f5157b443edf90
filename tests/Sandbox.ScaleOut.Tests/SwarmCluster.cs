using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.ScaleOut.Tests;

/// <summary>
/// The 3-node swarm the suite runs against, brought up by build/swarm/up.sh (again after a test broke it: up.sh is
/// idempotent and replaces killed nodes) and removed by build/swarm/down.sh at the end. Each node's server has two run
/// slots per tenant (low, so one node fills up and forwards).
/// </summary>
public sealed class SwarmCluster : IAsyncLifetime
{
    /// <summary>The nodes.</summary>
    public const int Nodes = 3;

    /// <summary>Run slots per tenant per node.</summary>
    public const int Slots = 2;

    private readonly string _config = Path.Combine(Path.GetTempPath(), $"sandbox-swarm-{Environment.ProcessId}.json");
    private bool _up;

    /// <summary>The servers' sandbox.json (deploy/swarm's, with <see cref="Slots"/> run slots).</summary>
    public string ConfigPath => _config;

    /// <summary>Every node's API URL, node 1 first.</summary>
    public IReadOnlyList<Uri> Hosts { get; private set; } = [];

    /// <summary>The API token.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The host container of node <paramref name="n"/> (1-based).</summary>
    public static string NodeContainer(int n) => $"sbxswarm-n{n}";

    /// <summary>Runs a script of build/swarm.</summary>
    internal static Task<Shell.Outcome> ScriptAsync(string name, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        Shell.RunAsync("bash", [RepositoryLayout.PathOf("build", "swarm", name), .. arguments], environment);

    public async ValueTask InitializeAsync()
    {
        var config = await File.ReadAllTextAsync(RepositoryLayout.PathOf("deploy", "swarm", "sandbox.json"));
        await File.WriteAllTextAsync(_config, config.Replace("\"maxLiveSandboxes\": 4", $"\"maxLiveSandboxes\": {Slots}", StringComparison.Ordinal));
    }

    /// <summary>Brings the swarm up unless it is known to be up and whole; fails (CI) or skips when it cannot start.</summary>
    public async Task EnsureUpAsync()
    {
        if (_up) return;
        var up = await ScriptAsync("up.sh", new Dictionary<string, string> { ["SANDBOX_SWARM_CONFIG"] = _config }, Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        EngineGate.Require(up.ExitCode == 0, "a 3-node Docker Swarm (build/swarm/up.sh)", $"up.sh failed: {up.Stderr.Trim().Split('\n').LastOrDefault()} (run bash build/setup.sh; see build/swarm/up.sh)");
        var assignments = up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Hosts = [.. assignments["SANDBOX_HOSTS"].Split(',').Select(h => new Uri(h))];
        var line = (await File.ReadAllTextAsync(assignments["SANDBOX_TOKEN_FILE"])).Trim();
        Token = line[(line.IndexOf(':') + 1)..];
        _up = true;
    }

    /// <summary>Marks the swarm as changed by a test (a node killed, drained, torn down): the next test brings it up again.</summary>
    public void Disturbed() => _up = false;

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("down.sh");
        File.Delete(_config);
    }
}
