using System.Text;
using Sandbox.Engines.DockerApi.Images;

namespace Sandbox.Engines.DockerApi.Tests;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("python", "docker.io", "library/python", "latest", null)]
    [InlineData("python:3.12-slim", "docker.io", "library/python", "3.12-slim", null)]
    [InlineData("sandbox/python:3.11-bookworm", "docker.io", "sandbox/python", "3.11-bookworm", null)]
    [InlineData("localhost:5000/team/python:1", "localhost:5000", "team/python", "1", null)]
    [InlineData("localhost/sandbox/python", "localhost", "sandbox/python", "latest", null)]
    [InlineData("registry.example.com/a/b@sha256:abc", "registry.example.com", "a/b", null, "sha256:abc")]
    public void An_image_name_splits_into_registry_repository_and_tag_as_Docker_does(string image, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(image);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
    }

    [Theory]
    [InlineData("localhost:5000/x", true)]
    [InlineData("127.0.0.1:5000/x", true)]
    [InlineData("[::1]:5000/x", true)]
    [InlineData("registry.example.com/x", false)]
    [InlineData("python", false)]
    public void Only_registries_on_this_host_count_as_loopback(string image, bool loopback) =>
        Assert.Equal(loopback, ImageReference.Parse(image).IsLoopback);

    [Fact]
    public void Settings_credentials_come_before_an_auth_file_and_a_login_file_is_read_by_registry()
    {
        var file = Path.GetTempFileName();
        try
        {
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("filed:secret"));
            File.WriteAllText(file, $$"""{ "auths": { "https://index.docker.io/v1/": { "auth": "{{auth}}" }, "http://localhost:5000": { "auth": "{{auth}}" } } }""");
            var settings = new ContainerEngineSettings
            {
                AuthFile = file,
                RegistryAuth = new Dictionary<string, RegistryLogin> { ["registry.example.com"] = new() { Username = "set", Password = "p" } },
            };

            var hub = RegistryCredentials.Find("docker.io", null, settings, EngineDialect.Docker, out _);
            var local = RegistryCredentials.Find("localhost:5000", null, settings, EngineDialect.Docker, out _);
            var configured = RegistryCredentials.Find("registry.example.com", null, settings, EngineDialect.Docker, out _);
            var none = RegistryCredentials.Find("other.example.com", null, settings, EngineDialect.Docker, out var searched);

            Assert.Equal(("filed", "secret", file), (hub!.Username, hub.Password, hub.Source));
            Assert.Equal("filed", local!.Username);
            Assert.Equal(("set", "executors.docker.registryAuth"), (configured!.Username, configured.Source));
            Assert.Null(none);
            Assert.Equal($"executors.docker.registryAuth, {file}", searched);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_requests_own_credentials_come_before_every_configured_place_and_never_print_their_password()
    {
        var settings = new ContainerEngineSettings
        {
            RegistryAuth = new Dictionary<string, RegistryLogin> { ["registry.example.com"] = new() { Username = "set", Password = "p" } },
        };

        var found = RegistryCredentials.Find("registry.example.com", new Abstractions.RegistryCredential("ci", "s3cret-token"), settings, EngineDialect.Docker, out _);

        Assert.Equal(("ci", "s3cret-token", RegistryCredentials.RequestSource), (found!.Username, found.Password, found.Source));
        Assert.DoesNotContain("s3cret-token", found.ToString(), StringComparison.Ordinal);
    }
}
