using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>Creates a container from a rendered spec, pulling its image as the pull policy says.</summary>
internal static class ContainerCreation
{
    /// <summary>Creates the container; a missing image is pulled with <paramref name="requestAuth"/> (the request's own credentials) if given, else the configured ones.</summary>
    /// <returns>The new container's id.</returns>
    public static async Task<string> CreateAsync(EngineClient client, ContainerEngineSettings settings, CreateContainerParameters spec, RegistryCredential? requestAuth, CancellationToken cancellationToken)
    {
        // "always" pulls before every create; otherwise the create itself finds out, sparing a look-up per run.
        if (settings.PullPolicy == ImagePullPolicy.Always) await new ImageProvider(client, settings).EnsureAsync(spec.Image, requestAuth, null, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.CreateContainerAsync("create the container", spec, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (IsMissingImage(ex) && settings.PullPolicy != ImagePullPolicy.Always)
        {
            await new ImageProvider(client, settings).EnsureAsync(spec.Image, requestAuth, ex, null, cancellationToken).ConfigureAwait(false);
            return await client.CreateContainerAsync("create the container", spec, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsMissingImage(EngineApiException ex) =>
        EngineErrors.IsNotFound(ex) && ex.EngineMessage.Contains("image", StringComparison.OrdinalIgnoreCase);
}
