using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi.Images;

/// <summary>Credentials found for a registry and where they came from (for messages; never the secret itself).</summary>
internal sealed record RegistryCredentials(string? Username, string? Password, string? IdentityToken, string Source)
{
    /// <summary>Where credentials given with the request come from, as messages name it.</summary>
    public const string RequestSource = "the request's registryAuth";

    /// <summary>
    /// The credentials for <paramref name="registry"/>: the request's own (<paramref name="requestAuth"/>) first, then the
    /// settings' <c>registryAuth</c> entry, then the
    /// auth files a user of the engine's own CLI has (<c>docker login</c>, <c>podman login</c>), or
    /// <see cref="ContainerEngineSettings.AuthFile"/> instead of those. <c>null</c> when none has an entry; the
    /// places looked at are in <paramref name="searched"/>.
    /// </summary>
    public static RegistryCredentials? Find(string registry, RegistryCredential? requestAuth, ContainerEngineSettings settings, EngineDialect dialect, out string searched)
    {
        searched = "";
        if (requestAuth is not null) return new RegistryCredentials(requestAuth.Username, requestAuth.Password, null, RequestSource);
        var places = new List<string>();
        var key = Normalize(registry);
        foreach (var (name, login) in settings.RegistryAuth ?? new Dictionary<string, RegistryLogin>())
        {
            if (Normalize(name) == key) return new RegistryCredentials(login.Username, login.Password, null, $"executors.{dialect.Name}.registryAuth");
        }

        places.Add($"executors.{dialect.Name}.registryAuth");
        IEnumerable<string> files = settings.AuthFile is { Length: > 0 } file ? [file] : dialect.AuthFiles.Select(Expand).OfType<string>();
        foreach (var path in files.Distinct(StringComparer.Ordinal))
        {
            places.Add(path);
            if (FromFile(path, key) is { } found) return found;
        }

        searched = string.Join(", ", places);
        return null;
    }

    /// <summary>Where they came from and for whom, never the secret.</summary>
    public override string ToString() => $"{Username ?? "(token)"} from {Source}";

    /// <summary>The <c>X-Registry-Auth</c> header value both engines read: URL-safe base64 of the auth JSON.</summary>
    public string Header(string registry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new AuthHeader(Username, Password, IdentityToken, registry), AuthHeaderJson.Default.AuthHeader);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }

    // An auth file's "auths" map (Docker's config.json and containers' auth.json share it): "auth" is base64
    // "user:password"; keys may be URLs (https://index.docker.io/v1/ is Docker Hub's).
    private static RegistryCredentials? FromFile(string path, string key)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return null;
            foreach (var entry in auths.EnumerateObject())
            {
                if (Normalize(entry.Name) != key) continue;
                var token = entry.Value.TryGetProperty("identitytoken", out var t) ? t.GetString() : null;
                if (entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                {
                    var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                    return new RegistryCredentials(pair[0], pair.ElementAtOrDefault(1), token, path);
                }

                if (token is not null) return new RegistryCredentials(null, null, token, path);
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // An unreadable auth file is as good as none: the pull goes anonymous and a refusal names the file.
        }

        return null;
    }

    private static string Normalize(string registry)
    {
        var name = registry.Trim();
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) name = name[(scheme + 3)..];
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) name = name[..slash];
        name = name.ToLowerInvariant();
        return name is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? ImageReference.DockerHub : name;
    }

    // "$VAR/rest" is skipped when VAR is unset; "~/" is the user's home.
    private static string? Expand(string template)
    {
        if (template.StartsWith("~/", StringComparison.Ordinal))
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), template[2..]);
        if (!template.StartsWith('$')) return template;
        var end = template.IndexOf('/', StringComparison.Ordinal);
        var value = Environment.GetEnvironmentVariable(end < 0 ? template[1..] : template[1..end]);
        return string.IsNullOrEmpty(value) ? null : value + (end < 0 ? "" : template[end..]);
    }
}

internal sealed record AuthHeader(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("identitytoken")] string? IdentityToken,
    [property: JsonPropertyName("serveraddress")] string ServerAddress);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthHeader))]
internal sealed partial class AuthHeaderJson : JsonSerializerContext;
