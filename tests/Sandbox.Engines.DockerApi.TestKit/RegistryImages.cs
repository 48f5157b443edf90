using System.Net.Http.Headers;
using System.Text;
using Sandbox.Testing;
using Sandbox.TestUtilities;

namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>
/// Class fixture: the repository's Python image pushed (with the engine's own CLI) under a unique name to each test
/// registry, then removed locally so that a run must pull it. Disposal removes the local tags and the registry's
/// manifests again. Skips (locally) or fails (<c>CI=true</c>) when the registries do not answer.
/// </summary>
public sealed class RegistryImages<TTarget> : IAsyncLifetime where TTarget : IEngineTarget
{
    private readonly string _name = $"sandbox-test/python-{Guid.NewGuid():N}"[..33];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"sbx-registry-{Guid.NewGuid():N}"[..25]);
    private string? _problem;

    /// <summary>The image on the open registry.</summary>
    public string OpenImage => $"{TestRegistries.Open}/{_name}:1";

    /// <summary>The image on the registry that wants credentials.</summary>
    public string AuthenticatedImage => $"{TestRegistries.Authenticated}/{_name}:1";

    /// <summary>A Docker <c>config.json</c> as <c>docker login</c> writes it, with the given password for the authenticated registry.</summary>
    public string AuthFile(string password)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestRegistries.DockerConfig(password));
        return path;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        if (!await TestRegistries.AnswersAsync(TestRegistries.Open) || !await TestRegistries.AnswersAsync(TestRegistries.Authenticated))
        {
            _problem = $"the test registries do not answer: start them with `bash {TestRegistries.StartScript}`";
            return;
        }

        if (!await TestEngine<TTarget>.IsAvailableAsync())
        {
            _problem = $"the {TTarget.Dialect.Name} engine is not available";
            return;
        }

        var engine = TTarget.Dialect.Name;
        _problem = await TestRegistries.PushAsync(engine, TestImages.Python, OpenImage) ?? await TestRegistries.PushAsync(engine, TestImages.Python, AuthenticatedImage);
    }

    /// <summary>Skips (locally) or fails (CI) when the images could not be pushed.</summary>
    public void Require() => EngineGate.Require(_problem is null, $"test registries ({TestRegistries.StartScript}) with {TTarget.Dialect.Name}", _problem ?? "");

    /// <summary>Removes this fixture's images from the engine (the tags only: the base image stays).</summary>
    public async Task RemoveLocalAsync()
    {
        await TestRegistries.CliAsync(TTarget.Dialect.Name, "rmi", OpenImage);
        await TestRegistries.CliAsync(TTarget.Dialect.Name, "rmi", AuthenticatedImage);
    }

    /// <summary>Whether the engine has <paramref name="image"/>.</summary>
    public static async Task<bool> IsLocalAsync(string image) => await TestRegistries.CliAsync(TTarget.Dialect.Name, "image", "inspect", image) is null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await RemoveLocalAsync();
        await DeleteManifestAsync(TestRegistries.Open, null);
        await DeleteManifestAsync(TestRegistries.Authenticated, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:{TestRegistries.Password}"))));
        Directory.Delete(_directory, recursive: true);
    }

    // The registry keeps layers shared with other tests' pushes; only this fixture's manifest is deleted.
    private async Task DeleteManifestAsync(string registry, AuthenticationHeaderValue? auth)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry}") };
        http.DefaultRequestHeaders.Authorization = auth;
        using var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/{_name}/manifests/1");
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        head.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var found = await http.SendAsync(head);
        if (found.Headers.TryGetValues("Docker-Content-Digest", out var digests))
            (await http.DeleteAsync($"/v2/{_name}/manifests/{digests.First()}")).Dispose();
    }
}
