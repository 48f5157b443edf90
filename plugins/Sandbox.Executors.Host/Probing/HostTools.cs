namespace Sandbox.Executors.Host.Probing;

/// <summary>
/// Absolute paths of the programs the wrapper uses, looked up in fixed system directories (never through PATH, which
/// the caller controls). <c>null</c> when absent.
/// </summary>
internal sealed record HostTools(string? Shell, string? Env, string? Setsid, string? Bubblewrap, string? Unshare, string? Setpriv, string? Prlimit)
{
    private static readonly string[] SystemDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"];

    /// <summary>Looks every tool up.</summary>
    public static HostTools Find() => new(
        Find("sh"), Find("env"), Find("setsid"), Find("bwrap"), Find("unshare"), Find("setpriv"), Find("prlimit"));

    private static string? Find(string name) =>
        SystemDirectories.Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);
}
