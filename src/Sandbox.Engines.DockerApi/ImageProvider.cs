using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>Makes sure an image is present: pulls it when allowed, otherwise says how to build it.</summary>
internal sealed class ImageProvider(EngineClient client, ContainerEngineSettings settings)
{
    /// <summary>Pulls <paramref name="image"/> if allowed and possible.</summary>
    /// <exception cref="ImageNotFoundException">It is missing and could not be pulled; the message says how to build it.</exception>
    public async Task EnsureAsync(string image, Exception? cause, CancellationToken cancellationToken)
    {
        if (await client.FindImageAsync(image, cancellationToken).ConfigureAwait(false) is not null) return;
        if (!settings.PullMissingImages) throw new ImageNotFoundException(image, Remedy(image), cause);
        try
        {
            await client.PullAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw new ImageNotFoundException(image, $"pulling it failed ({ex.EngineMessage}); {Remedy(image)}", ex);
        }
    }

    /// <summary>How to obtain <paramref name="image"/>.</summary>
    public string Remedy(string image) =>
        $"build the framework's images with `bash {BuildDefaults.BuildImagesScript}` (no registry is needed), or pull it where a registry is reachable: `{client.Dialect.Name} pull {image}`";
}
