using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Sandbox.Executors.Host.Tests;

/// <summary>Starts the separate test host process (tests/Sandbox.Executors.Host.TestHost), optionally as another user.</summary>
internal static class TestHost
{
    /// <summary>The test host's assembly, located at build time.</summary>
    public static string AssemblyPath { get; } = typeof(TestHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestHostPath").Value!;

    /// <summary>The dotnet host that runs this test process.</summary>
    public static string Dotnet { get; } = Path.GetFullPath(Path.Join(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));

    /// <summary>Starts <c>dotnet exec TestHost.dll ARGS</c>, prefixed by <paramref name="prefix"/> (e.g. a setpriv call).</summary>
    public static Process Start(IEnumerable<string> prefix, params string[] args)
    {
        var argv = prefix.Concat([Dotnet, "exec", AssemblyPath]).Concat(args).ToList();
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }
}
