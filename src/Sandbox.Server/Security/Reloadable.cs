using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Sandbox.Core.Configuration;

namespace Sandbox.Server.Security;

/// <summary>
/// A value read from files an operator may replace while the server runs (the token file; the TLS certificate and its
/// key). <see cref="Reload"/> reads them again and, when their content changed, loads the new value. A change that
/// cannot be loaded (a half-written file, a typo) is logged once and the last good value stays in force: a bad edit never
/// locks every caller out, and a good one needs no restart (which would end the sessions the server holds).
/// </summary>
internal sealed class Reloadable<T> where T : class
{
    private readonly string _what;
    private readonly string[] _paths;
    private readonly Func<T> _load;
    private readonly Lock _reloading = new();
    private T _current;
    // The content behind the value in force, or behind the last change that was refused.
    private string _seen;

    /// <summary>Loads the value for the first time; <paramref name="load"/> says what is wrong with a file by throwing <see cref="SandboxConfigurationException"/>.</summary>
    /// <exception cref="SandboxConfigurationException">The files cannot be used: a server does not start on a bad file.</exception>
    public Reloadable(string what, string[] paths, Func<T> load)
    {
        (_what, _paths, _load) = (what, paths, load);
        // Content first: a change made while loading is seen, and loaded, on the next check.
        _seen = Fingerprint();
        _current = load();
    }

    /// <summary>The value in force.</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>Loads the files again if their content changed.</summary>
    /// <returns>Whether a new value is now in force.</returns>
    public bool Reload(ILogger logger)
    {
        lock (_reloading)
        {
            var seen = Fingerprint();
            if (seen == _seen) return false;
            _seen = seen;
            try
            {
                Volatile.Write(ref _current, _load());
                logger.LogInformation("Reloaded {What} from {Paths}", _what, string.Join(", ", _paths));
                return true;
            }
            catch (SandboxConfigurationException ex)
            {
                logger.LogError("{What} changed but cannot be used, so the previous one stays in force: {Reason}", _what, ex.Message);
                return false;
            }
        }
    }

    private string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in _paths)
        {
            try
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file that vanished counts as a change: loading it then says why it cannot be used.
                hash.AppendData(Encoding.UTF8.GetBytes($"unreadable: {ex.GetType().Name}"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
