using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.ScaleOut.Tests;

/// <summary>
/// A client of the swarm's servers as the CLI is with SANDBOX_HOSTS: a host that cannot be connected to, or that says
/// it is shutting down (it took nothing), is skipped for the next. Every call is bounded, so a hang fails the test.
/// </summary>
internal sealed class SwarmClient(SwarmCluster swarm) : IDisposable
{
    /// <summary>Longer than any run of the suite takes, queueing included: past it a call counts as a hang.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(90);

    // A connection per request, as the CLI's: a kept-alive connection that a stopping node closes just as a request is
    // written on it fails that request after it left, where a new connection is refused and the next host is tried.
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = CallTimeout,
    };

    /// <summary>One answer: status (0 = transport failure after the request was taken, -1 = no answer in time), node, stdout, problem kind.</summary>
    public sealed record Reply(int Status, string? Node, string? Stdout, string? Kind, string Text, TimeSpan Took)
    {
        public override string ToString() => $"{Status} node={Node} kind={Kind} took={Took.TotalSeconds:0.0}s {Text[..Math.Min(Text.Length, 300)]}";
    }

    /// <summary>How long a client with failover keeps trying rounds of every host when none can be connected to (nothing ran).</summary>
    public static readonly TimeSpan RetryRounds = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="path"/> on host <paramref name="first"/>, then (with
    /// <paramref name="failover"/>) the next ones, in rounds for up to <see cref="RetryRounds"/> while no host can be
    /// connected to: a request that never connected was taken by no one, so sending it again is safe.
    /// </summary>
    public async Task<Reply> PostAsync(string path, JsonNode body, int first, bool failover = true)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reply = await RoundAsync(path, body, first, failover, clock);
            if (!failover || reply.Status != 0 || reply.Text != NoHost || clock.Elapsed > RetryRounds) return reply;
            await Task.Delay(500);
        }
    }

    private const string NoHost = "no host could be connected to";

    private async Task<Reply> RoundAsync(string path, JsonNode body, int first, bool failover, Stopwatch clock)
    {
        var hosts = swarm.Hosts;
        for (var i = 0; i < (failover ? hosts.Count : 1); i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hosts[(first + i) % hosts.Count], path))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", swarm.Token);
            try
            {
                using var response = await _http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (failover && response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.Contains("Sandbox-Stopping")) continue;
                using var json = text.StartsWith('{') ? JsonDocument.Parse(text) : null;
                var root = json?.RootElement;
                return new Reply((int)response.StatusCode, Get(root, "node"), Get(root, "stdout"), Get(root, "kind"), text, clock.Elapsed);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
            {
                // Not connected: nothing was taken; the next host.
            }
            catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException && clock.Elapsed < CallTimeout)
            {
                // The connect timed out (a vanished node): the next host.
            }
            catch (TaskCanceledException)
            {
                return new Reply(-1, null, null, null, "no answer within " + CallTimeout, clock.Elapsed);
            }
            catch (HttpRequestException ex)
            {
                return new Reply(0, null, null, null, ex.Message, clock.Elapsed);
            }
        }

        return new Reply(0, null, null, null, NoHost, clock.Elapsed);
    }

    /// <summary>A run of <c>sh -c SCRIPT</c>.</summary>
    public static JsonObject Shell(string script) => new() { ["command"] = new JsonArray("sh", "-c", script) };

    public void Dispose() => _http.Dispose();

    private static string? Get(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
