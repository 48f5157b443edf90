using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sandbox.Server.Federation;

/// <summary>
/// Resolves the name that lists the peers (Swarm's <c>tasks.SERVICE</c>): one lookup at a time serves every run about to
/// queue, its answer is reused for <see cref="Fresh"/>, and while lookups fail the last answer stands. A burst of runs
/// used to send one lookup each (fifteen at once to the engine's DNS), and a lookup that failed once left its run
/// without peers, so it queued here.
/// </summary>
internal sealed class PeerNameResolver(ILogger<PeerNameResolver> logger, Func<string, CancellationToken, Task<IPAddress[]>>? lookUp = null)
{
    /// <summary>How long an answer is used before the name is looked up again (a rolling update moves tasks).</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _lookUp = lookUp ?? Dns.GetHostAddressesAsync;
    private readonly Lock _gate = new();
    // Per name: the configuration can name another service while the server runs, and its answer is not the old name's.
    private readonly Dictionary<string, Answer> _answers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The addresses <paramref name="name"/> resolves to (the last known ones while it does not resolve).</summary>
    public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        Task<IPAddress[]> lookup;
        lock (_gate)
        {
            if (!_answers.TryGetValue(name, out var answer)) _answers[name] = answer = new Answer();
            if (answer.Last.Length > 0 && Stopwatch.GetElapsedTime(answer.At) < Fresh) return Task.FromResult(answer.Last);
            if (answer.Lookup is not { IsCompleted: false }) answer.Lookup = LookUpAsync(name, answer);
            lookup = answer.Lookup;
        }

        return lookup.WaitAsync(cancellationToken);
    }

    private async Task<IPAddress[]> LookUpAsync(string name, Answer answer)
    {
        try
        {
            // Not the caller's token: the lookup serves every caller waiting for it.
            var addresses = await _lookUp(name, CancellationToken.None).ConfigureAwait(false);
            lock (_gate) (answer.Last, answer.At) = (addresses, Stopwatch.GetTimestamp());
            return addresses;
        }
        catch (SocketException ex)
        {
            // No task of the service is up yet, the name is wrong, or the DNS server failed this once.
            lock (_gate)
            {
                logger.LogDebug("peers: {Name} does not resolve ({Reason}); {Known} address(es) known from before", name, ex.Message, answer.Last.Length);
                return answer.Last;
            }
        }
    }

    // What is known of one name; guarded by _gate.
    private sealed class Answer
    {
        public IPAddress[] Last { get; set; } = [];

        public long At { get; set; }

        public Task<IPAddress[]>? Lookup { get; set; }
    }
}
