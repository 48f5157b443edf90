namespace Sandbox.TestUtilities;

/// <summary>
/// The loopback test registries <c>build/registry/start-registry.sh</c> starts (called by <c>build/setup.sh</c>), read
/// from build/registry/registry.env — the one place they are named.
/// </summary>
public static class TestRegistries
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(() => TestImages.Parse(RepositoryLayout.PathOf("build", "registry", "registry.env")));

    /// <summary>The registry without authentication, <c>localhost:PORT</c>.</summary>
    public static string Open => Get("SANDBOX_REGISTRY_OPEN");

    /// <summary>The registry with htpasswd authentication.</summary>
    public static string Authenticated => Get("SANDBOX_REGISTRY_AUTH");

    /// <summary>A loopback address where no registry listens.</summary>
    public static string Down => Get("SANDBOX_REGISTRY_DOWN");

    /// <summary>The test user of <see cref="Authenticated"/>.</summary>
    public static string User => Get("SANDBOX_REGISTRY_USER");

    /// <summary>The test user's password.</summary>
    public static string Password => Get("SANDBOX_REGISTRY_PASSWORD");

    /// <summary>The script that starts them.</summary>
    public const string StartScript = "build/registry/start-registry.sh";

    /// <summary>Whether <paramref name="registry"/> answers its <c>/v2/</c> endpoint (200, or 401 when it wants credentials).</summary>
    public static async Task<bool> AnswersAsync(string registry)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync($"http://{registry}/v2/");
            return response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Tags <paramref name="source"/> as <paramref name="image"/> and pushes it with <paramref name="engine"/>'s own CLI,
    /// as a user would (docker with a login file, podman with <c>--creds</c> and no TLS on loopback); the local tag
    /// is removed again, so a run must pull it. Returns the failure, or <c>null</c>.
    /// </summary>
    public static async Task<string?> PushAsync(string engine, string source, string image)
    {
        if (await CliAsync(engine, "tag", source, image) is { } tagFailed) return tagFailed;
        var login = Directory.CreateTempSubdirectory("sbx-login-");
        try
        {
            File.WriteAllText(Path.Combine(login.FullName, "config.json"), DockerConfig(Password));
            var pushed = engine == "podman"
                ? await CliAsync(engine, "push", "--tls-verify=false", "--creds", $"{User}:{Password}", image)
                : await CliAsync(engine, "--config", login.FullName, "push", image);
            return pushed ?? await CliAsync(engine, "rmi", image);
        }
        finally
        {
            login.Delete(recursive: true);
        }
    }

    /// <summary>A Docker <c>config.json</c> as <c>docker login</c> writes it for <see cref="Authenticated"/>.</summary>
    public static string DockerConfig(string password)
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{password}"));
        return $$"""{ "auths": { "{{Authenticated}}": { "auth": "{{auth}}" } } }""";
    }

    /// <summary>Runs an engine CLI; returns its error, or <c>null</c> when it succeeded.</summary>
    public static async Task<string?> CliAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(arguments[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments.Skip(1)) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? null : $"`{string.Join(' ', arguments)}` failed: {(await error).Trim()}";
    }

    private static string Get(string key) =>
        Settings.Value.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{key} is not set in build/registry/registry.env");
}
