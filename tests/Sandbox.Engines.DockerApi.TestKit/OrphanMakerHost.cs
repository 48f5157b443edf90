namespace Sandbox.Engines.DockerApi.TestKit;

/// <summary>How to start the orphan-maker child app: with the dotnet host that runs the tests.</summary>
public static class OrphanMakerHost
{
    /// <summary>The dotnet executable.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";
}
