using Sandbox.Abstractions;
using Sandbox.Engines.DockerApi.Images;

namespace Sandbox.Engines.DockerApi;

/// <summary>Makes sure an image is present as the pull policy says: pulls it, or says how to obtain it.</summary>
internal sealed class ImageProvider(EngineClient client, ContainerEngineSettings settings)
{
    /// <summary>
    /// Pulls <paramref name="image"/> when the policy asks for it (always, or when missing), with
    /// <paramref name="requestAuth"/> when given, else the configured credentials.
    /// </summary>
    /// <exception cref="ImageNotFoundException">It is missing and may not be pulled, or the registry has no such image.</exception>
    /// <exception cref="RegistryUnauthorizedException">The registry refused the credentials (or asked for some).</exception>
    /// <exception cref="RegistryUnavailableException">The registry could not be reached.</exception>
    public async Task EnsureAsync(string image, RegistryCredential? requestAuth, Exception? cause, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken)
    {
        if (settings.PullPolicy != ImagePullPolicy.Always && await client.FindImageAsync(image, cancellationToken).ConfigureAwait(false) is not null) return;
        if (settings.PullPolicy == ImagePullPolicy.Never)
            throw new ImageNotFoundException(image, $"it is not present and executors.{client.Dialect.Name}.pullPolicy is \"never\"; {Remedy(image)}", cause);
        await new ImagePuller(client, settings).PullAsync(image, requestAuth, Remedy(image), progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How to obtain <paramref name="image"/>.</summary>
    public string Remedy(string image) =>
        $"build the framework's images with `bash {BuildDefaults.BuildImagesScript}` (no registry is needed), or pull it where a registry is reachable: `{client.Dialect.Name} pull {image}`";
}
