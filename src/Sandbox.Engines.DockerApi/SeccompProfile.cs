using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>Reads a custom seccomp profile: the engines take its JSON inline in the security options.</summary>
internal static class SeccompProfile
{
    public static async Task<string?> LoadAsync(SecurityProfile security, CancellationToken cancellationToken)
    {
        if (security.Seccomp != SeccompMode.Custom) return null;
        var path = security.SeccompProfilePath!;
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            using var _ = System.Text.Json.JsonDocument.Parse(json);
            return json;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidRequestException("security.seccompProfilePath", $"cannot read '{path}': {ex.Message}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidRequestException("security.seccompProfilePath", $"'{path}' is not valid JSON: {ex.Message}");
        }
    }
}
