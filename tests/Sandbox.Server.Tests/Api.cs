using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Testing;

namespace Sandbox.Server.Tests;

/// <summary>Small helpers over HttpClient: JSON in, parsed JSON out, and the engine gate.</summary>
internal static class Api
{
    public sealed record Reply(HttpStatusCode Status, JsonElement Json, string Text, HttpResponseMessage Response);

    /// <summary>Sends <paramref name="request"/> asking for server-sent events; returns each event with when it arrived.</summary>
    public static async Task<List<(string Name, string Data, TimeSpan At)>> ReadEventsAsync(this HttpClient client, HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Name, string Data, TimeSpan At)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
            else if (line.Length == 0 && name is not null)
            {
                events.Add((name, string.Join('\n', data), clock.Elapsed));
                (name, data) = (null, []);
            }
        }

        return events;
    }

    public static async Task<Reply> PostAsync(this HttpClient client, string path, object body)
    {
        var json = body as string ?? JsonSerializer.Serialize(body);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await ReadAsync(await client.PostAsync(path, content, TestContext.Current.CancellationToken));
    }

    public static async Task<Reply> GetJsonAsync(this HttpClient client, string path) =>
        await ReadAsync(await client.GetAsync(path, TestContext.Current.CancellationToken));

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length > 0 && text.TrimStart()[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Reply(response.StatusCode, json, text, response);
    }

    /// <summary>Asserts <paramref name="reply"/> is an RFC 9457 problem with <paramref name="status"/> whose type ends with <paramref name="kind"/>.</summary>
    public static void AssertProblem(Reply reply, HttpStatusCode status, string kind)
    {
        Assert.True(reply.Status == status, $"expected {(int)status}, got {(int)reply.Status}: {reply.Text}");
        Assert.Equal("application/problem+json", reply.Response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(kind, reply.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal((int)status, reply.Json.GetProperty("status").GetInt32());
        Assert.DoesNotContain(" at Sandbox.", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails after 30 seconds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Fails (never skips under CI) unless the server reports <paramref name="executor"/> healthy.</summary>
    public static async Task RequireExecutorAsync(this ServerProcess server, string executor)
    {
        using var client = server.Unix();
        var ready = await client.GetJsonAsync("/readyz");
        var health = ready.Json.GetProperty("executors").TryGetProperty(executor, out var value) ? value.GetString() ?? "" : "not loaded";
        EngineGate.Require(health.StartsWith("healthy", StringComparison.Ordinal), $"the {executor} executor", $"{health} (run bash build/setup.sh)");
    }

    public static JsonObject Run(params string[] command) => new() { ["command"] = new JsonArray([.. command.Select(c => JsonValue.Create(c))]) };

    public static JsonObject With(this JsonObject body, string key, JsonNode? value)
    {
        body[key] = value;
        return body;
    }
}
