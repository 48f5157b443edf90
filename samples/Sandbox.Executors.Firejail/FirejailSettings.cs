namespace Sandbox.Executors.Firejail;

/// <summary>The <c>executors.firejail</c> section of <c>sandbox.json</c>.</summary>
public sealed class FirejailSettings
{
    /// <summary>The firejail binary.</summary>
    public string Firejail { get; set; } = "/usr/bin/firejail";

    /// <summary>
    /// Where run folders are created. Not under /tmp or /var/tmp: firejail gives the sandbox private ones, which would
    /// hide it (<c>sandbox plugins</c> reports that as unhealthy).
    /// </summary>
    public string RunRoot { get; set; } = "/var/lib/sandbox-firejail";
}
