using System.Diagnostics;
using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Images;

/// <summary>
/// Pulls one image through the engine with the registry's credentials, reporting progress to the log (and an
/// optional <see cref="IProgress{T}"/>), and turns a failed pull into the framework's typed errors: missing image or
/// tag → <see cref="ImageNotFoundException"/>, refused credentials → <see cref="RegistryUnauthorizedException"/>,
/// unreachable registry → <see cref="RegistryUnavailableException"/>. A failed pull leaves nothing on the engine.
/// </summary>
internal sealed class ImagePuller(EngineClient client, ContainerEngineSettings settings)
{
    private static readonly string[] NotFoundWords = ["manifest unknown", "not found", "name unknown", "repository does not exist", "no such image"];
    private static readonly string[] UnauthorizedWords = ["unauthorized", "authentication required", "no basic auth credentials", "denied", "incorrect username or password"];
    private static readonly string[] UnreachableWords = ["connection refused", "no such host", "i/o timeout", "dial tcp", "network is unreachable", "http response to https client", "x509", "tls:", "pinging container registry", "timeout"];

    /// <summary>
    /// Pulls <paramref name="image"/> with <paramref name="requestAuth"/> if given, else the configured credentials;
    /// <paramref name="buildRemedy"/> says how to obtain it without a registry.
    /// </summary>
    public async Task PullAsync(string image, RegistryCredential? requestAuth, string buildRemedy, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(image);
        var credentials = RegistryCredentials.Find(reference.Registry, requestAuth, settings, client.Dialect, out var searched);
        var started = Stopwatch.GetTimestamp();
        client.PullLogger.PullStarted(client.Dialect.Name, image, reference.Registry, credentials is null ? "anonymously" : "with credentials from " + credentials.Source);
        string? error = null;
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        void OnLine(JsonElement line)
        {
            if (Text(line, "error") is { } e) error = e;
            else if (Step(image, line) is { } step)
            {
                progress?.Report(step);
                // Docker repeats "Downloading" for every chunk: log a layer's status when it changes.
                if (last.GetValueOrDefault(step.Layer ?? "") == step.Status) return;
                last[step.Layer ?? ""] = step.Status;
                client.PullLogger.PullProgress(client.Dialect.Name, image, step.Layer is null ? step.Status : $"{step.Layer}: {step.Status}");
            }
        }

        var auth = credentials?.Header(reference.Registry);
        try
        {
            var path = client.Dialect.PullThroughLibpod
                ? $"/v4.0.0/libpod/images/pull?reference={Uri.EscapeDataString(reference.FullName)}&tlsVerify={(!reference.IsLoopback).ToString().ToLowerInvariant()}"
                : PullPath(reference);
            await client.CallAsync("pull the image", ct => client.Http.StreamPostAsync(path, auth, OnLine, ct), cancellationToken, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (ex.StatusCode is not null)
        {
            throw Classify(image, reference, ex.EngineMessage, credentials, searched, buildRemedy, ex);
        }

        if (error is not null) throw Classify(image, reference, error, credentials, searched, buildRemedy, null);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress?.Report(new ImagePullProgress(image, "Pulled"));
        client.PullLogger.PullDone(client.Dialect.Name, image, seconds);
    }

    private string PullPath(ImageReference reference)
    {
        var prefix = client.Dialect.ApiVersion is { } v ? $"/v{v.Major}.{v.Minor}" : "";
        return $"{prefix}/images/create?fromImage={Uri.EscapeDataString(reference.Name)}&tag={Uri.EscapeDataString(reference.Digest ?? reference.Tag!)}";
    }

    private SandboxException Classify(string image, ImageReference reference, string message, RegistryCredentials? credentials, string searched, string buildRemedy, Exception? inner)
    {
        var engine = client.Dialect.Name;
        var registry = reference.Registry;
        if (Has(message, NotFoundWords))
            return new ImageNotFoundException(image, $"registry {registry} has no such image or tag ({message}); check the name and tag, or push it there; or {buildRemedy}", inner);
        if (Has(message, UnauthorizedWords))
        {
            var remedy = credentials is null
                ? $"no credentials for {registry} were found (looked in {searched}): run `{engine} login {registry}`, or set executors.{engine}.registryAuth.\"{registry}\" to {{\"username\": ..., \"password\": \"${{REGISTRY_PASSWORD}}\"}}"
                : credentials.Source == RegistryCredentials.RequestSource
                    ? $"the credentials from {credentials.Source} were refused: correct them"
                    : $"the credentials from {credentials.Source} were refused: correct them (`{engine} login {registry}`, or executors.{engine}.registryAuth)";
            return new RegistryUnauthorizedException(image, registry, message, remedy, inner);
        }

        if (Has(message, UnreachableWords))
        {
            var tls = message.Contains("https client", StringComparison.OrdinalIgnoreCase) || message.Contains("x509", StringComparison.OrdinalIgnoreCase)
                ? $"the registry does not speak TLS as the engine expects: serve it over TLS, or list it as an insecure registry in the {engine} engine's configuration; "
                : "start the registry or correct its address; ";
            return new RegistryUnavailableException(image, registry, message, $"{tls}or set executors.{engine}.pullPolicy to \"never\" and provide the image locally: {buildRemedy}", inner);
        }

        return new EngineApiException("pull the image", null, message, inner);
    }

    private static bool Has(string message, string[] words) => words.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase));

    // Docker: {"status", "id", "progressDetail": {"current", "total"}}; Podman's libpod pull: {"stream": "Copying blob …"}.
    private static ImagePullProgress? Step(string image, JsonElement line)
    {
        if (Text(line, "stream") is { } stream) return new ImagePullProgress(image, stream.Trim());
        if (Text(line, "status") is not { } status) return null;
        long? current = null, total = null;
        if (line.TryGetProperty("progressDetail", out var detail) && detail.ValueKind == JsonValueKind.Object)
        {
            if (detail.TryGetProperty("current", out var c) && c.TryGetInt64(out var cv)) current = cv;
            if (detail.TryGetProperty("total", out var t) && t.TryGetInt64(out var tv)) total = tv;
        }

        return new ImagePullProgress(image, status, Text(line, "id"), current, total);
    }

    private static string? Text(JsonElement line, string name) =>
        line.ValueKind == JsonValueKind.Object && line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
