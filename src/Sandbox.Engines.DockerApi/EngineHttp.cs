using System.Globalization;
using Sandbox.Abstractions;
using Sandbox.Toolkit.Net;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Plain HTTP to the engine for the calls Docker.DotNet does not model (image pulls, whose streamed errors and libpod
/// variant it cannot express; Podman's own libpod wait and network create), the <c>_ping</c> headers (Podman's version
/// call takes ~1 s, the ping headers carry the same facts), and answers of which a few fields of a large model are
/// read (the engine's info, the orphan sweep's lists), and the container create (see <see cref="ContainerSpecJson"/>):
/// a CLI run would otherwise pay for the whole model's serializer contract on its critical path.
/// </summary>
internal sealed class EngineHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _prefix;

    public EngineHttp(EngineEndpoint endpoint, Version? apiVersion)
    {
        _prefix = apiVersion is null ? "" : $"/v{apiVersion.Major}.{apiVersion.Minor}";
        if (endpoint.SocketPath is { } socket)
        {
            _client = new HttpClient(UnixSockets.CreateHttpHandler(socket)) { BaseAddress = new Uri("http://localhost") };
        }
        else
        {
            var builder = new UriBuilder(endpoint.Uri) { Scheme = endpoint.Uri.Scheme == "tcp" ? "http" : endpoint.Uri.Scheme };
            _client = new HttpClient { BaseAddress = builder.Uri };
        }

        _client.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>Pings the engine and returns its response headers (Api-Version, Server, Libpod-Api-Version, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync($"{_prefix}/_ping", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(",", g.First().Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// GETs <paramref name="pathAndQuery"/> (with its version prefix) and hands the JSON answer to <paramref name="read"/>,
    /// for answers of which the layer needs a few fields.
    /// </summary>
    public async Task<T> GetJsonAsync<T>(string pathAndQuery, Func<System.Text.Json.JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(_prefix + pathAndQuery, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> (JSON) to <paramref name="pathAndQuery"/> (with its version prefix) and hands the JSON
    /// answer to <paramref name="read"/>.
    /// </summary>
    public async Task<T> PostJsonAsync<T>(string pathAndQuery, byte[] body, Func<System.Text.Json.JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync(_prefix + pathAndQuery, content, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Podman's libpod wait: returns the exit code once the container has exited.</summary>
    public async Task<long> LibpodWaitAsync(string id, TimeSpan interval, CancellationToken cancellationToken)
    {
        var ms = ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        using var response = await _client.PostAsync($"/v4.0.0/libpod/containers/{Uri.EscapeDataString(id)}/wait?condition=exited&condition=stopped&interval={ms}ms", null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return long.Parse(body.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Podman's own network create: a bridge network whose bridge is named <paramref name="bridge"/>; returns its id.</summary>
    public async Task<string> LibpodCreateNetworkAsync(string name, string bridge, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name,
            ["driver"] = "bridge",
            ["network_interface"] = bridge,
            ["internal"] = false,
            ["labels"] = new System.Text.Json.Nodes.JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (System.Text.Json.Nodes.JsonNode?)l.Value))),
        };
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/v4.0.0/libpod/networks/create", content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return answer.RootElement.GetProperty("id").GetString() ?? throw new EngineApiException("create the egress network", null, "podman answered without a network id");
    }

    /// <summary>
    /// POSTs to <paramref name="path"/> (with its version prefix) and hands each JSON line of the streamed answer to
    /// <paramref name="onLine"/> (an image pull's progress and in-stream errors).
    /// </summary>
    public async Task StreamPostAsync(string path, string? registryAuth, Action<System.Text.Json.JsonElement> onLine, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (registryAuth is not null) request.Headers.TryAddWithoutValidation("X-Registry-Auth", registryAuth);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var document = System.Text.Json.JsonDocument.Parse(line);
            onLine(document.RootElement);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, Func<System.Text.Json.JsonElement, T> read, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await System.Text.Json.JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return read(document.RootElement);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new Docker.DotNet.DockerApiException(response.StatusCode, body);
    }
}
