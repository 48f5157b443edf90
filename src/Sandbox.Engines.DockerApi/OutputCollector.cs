using Docker.DotNet.Models;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>Reads the request's output paths out of the exited container through the archive API.</summary>
internal sealed class OutputCollector(EngineClient client)
{
    public async Task<OutputArchive> CollectAsync(string containerId, ScratchLayout layout, long budgetBytes, CancellationToken cancellationToken)
    {
        var archive = new OutputArchive(budgetBytes);
        foreach (var path in layout.Outputs)
        {
            try
            {
                await client.CallAsync("collect output files", async ct =>
                {
                    var response = await client.Api.Containers.GetArchiveFromContainerAsync(containerId, new GetArchiveFromContainerParameters { Path = path }, statOnly: false, ct).ConfigureAwait(false);
                    await using var stream = response.Stream;
                    await archive.ReadAsync(stream, path, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineApiException ex) when (EngineErrors.IsNotFound(ex))
            {
                archive.NotFound(path);
            }
            catch (InvalidDataException ex)
            {
                throw new EngineApiException("collect output files", null, $"the archive of '{path}' is not a valid tar: {ex.Message}", ex);
            }
        }

        return archive;
    }
}
