namespace Sandbox.Cli;

/// <summary>
/// The CLI's exit codes, chosen to match the conventions of <c>timeout(1)</c> and <c>docker run</c> so scripts
/// written for those keep working. Otherwise the command's own exit code is returned.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The run hit its timeout and was killed (as <c>timeout(1)</c>).</summary>
    public const int TimedOut = 124;

    /// <summary>Any framework error: bad option or configuration, engine unavailable, image missing.</summary>
    public const int FrameworkError = 125;

    /// <summary>A validator rejected the request; nothing ran.</summary>
    public const int Rejected = 126;

    /// <summary>The workload was killed for exceeding its memory limit (128 + SIGKILL).</summary>
    public const int OomKilled = 137;
}
