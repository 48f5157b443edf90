using System.Reflection;

namespace Sandbox.Core.Configuration;

/// <summary>
/// The environment <c>${VAR}</c> references are resolved against: the process environment first, then the values of
/// <c>build/images/images.env</c> embedded at build time (e.g. <c>SANDBOX_IMAGE_PYTHON</c>), so configuration and
/// templates that name the framework's images work without the repository's launcher exporting them.
/// </summary>
public static class BuiltInEnvironment
{
    private static readonly IReadOnlyDictionary<string, string> Embedded = typeof(BuiltInEnvironment).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("images.env:", StringComparison.Ordinal) && !string.IsNullOrEmpty(a.Value))
        .ToDictionary(a => a.Key["images.env:".Length..], a => a.Value!, StringComparer.Ordinal);

    /// <summary>The value of <paramref name="name"/>: the process environment's, else the embedded default, else <c>null</c>.</summary>
    public static string? Lookup(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : Embedded.GetValueOrDefault(name);
}
