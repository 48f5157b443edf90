namespace Sandbox.Toolkit;

/// <summary>Where the framework and its plugins keep what they can compute again: one folder per user.</summary>
public static class SandboxCache
{
    /// <summary>
    /// <c>$SANDBOX_CACHE</c>, else <c>$XDG_CACHE_HOME/sandbox-framework</c>, else <c>~/.cache/sandbox-framework</c>;
    /// <c>null</c> when none of them names an absolute folder (no home directory).
    /// </summary>
    public static string? Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("SANDBOX_CACHE") is { Length: > 0 } sandbox ? sandbox
                : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? Path.Combine(xdg, "sandbox-framework")
                : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache", "sandbox-framework")
                : null;
            return folder is not null && Path.IsPathRooted(folder) ? folder : null;
        }
    }
}
