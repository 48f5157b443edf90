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

    /// <summary>Starts <c>dotnet exec TestHost.dll ARGS</c> as the current user.</summary>
    public static Process Start(params string[] args) => Start([], AssemblyPath, args);

    /// <summary>Starts <c>dotnet exec TestHost.dll ARGS</c>, prefixed by <paramref name="prefix"/> (e.g. a setpriv call).</summary>
    /// <param name="prefix">The command that switches user.</param>
    /// <param name="assemblyPath">The test host to run; another user needs a copy it can read (<see cref="ReadableCopy"/>).</param>
    /// <param name="args">The test host's arguments.</param>
    public static Process Start(IEnumerable<string> prefix, string assemblyPath, params string[] args)
    {
        var argv = prefix.Concat([Dotnet, "exec", assemblyPath]).Concat(args).ToList();
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>
    /// A copy of the test host's output in a directory every user can enter: the checkout may sit below one only its
    /// owner can (a <c>mktemp -d</c> clone), where another user cannot load the assembly. Deleted on dispose.
    /// </summary>
    public sealed class ReadableCopy : IDisposable
    {
        private readonly string _root = $"/tmp/sandbox-host-testhost-{Guid.NewGuid():N}";

        public ReadableCopy()
        {
            var source = Path.GetDirectoryName(TestHost.AssemblyPath)!;
            foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Prepend(source))
            {
                var target = Path.Join(_root, Path.GetRelativePath(source, directory));
                Directory.CreateDirectory(target).UnixFileMode = ReadableDirectory;
                foreach (var file in Directory.EnumerateFiles(directory))
                {
                    var copy = Path.Join(target, Path.GetFileName(file));
                    File.Copy(file, copy);
                    File.SetUnixFileMode(copy, ReadableFile);
                }
            }

            AssemblyPath = Path.Join(_root, Path.GetFileName(TestHost.AssemblyPath));
        }

        private static UnixFileMode ReadableDirectory => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        private static UnixFileMode ReadableFile => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        public string AssemblyPath { get; }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
