using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.TestUtilities;

/// <summary>
/// The fake internet's one package, <c>hello-sandbox 1.0</c>, as a pure-Python wheel built in memory: a module, its
/// metadata and a RECORD with the hashes pip checks.
/// </summary>
internal static class Wheel
{
    private const string Version = "1.0";
    private const string DistInfo = $"hello_sandbox-{Version}.dist-info";

    public const string FileName = $"hello_sandbox-{Version}-py3-none-any.whl";

    private static readonly Lazy<byte[]> Built = new(Build);

    public static byte[] Bytes => Built.Value;

    /// <summary>The wheel's SHA-256 in hex, for the index link's <c>#sha256=</c> fragment.</summary>
    public static string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    private static byte[] Build()
    {
        var files = new (string Path, string Text)[]
        {
            ("hello_sandbox.py", $"def greet():\n    return \"{FakeInternet.Greeting}\"\n"),
            ($"{DistInfo}/METADATA", $"Metadata-Version: 2.1\nName: {FakeInternet.PackageName}\nVersion: {Version}\n"),
            ($"{DistInfo}/WHEEL", "Wheel-Version: 1.0\nGenerator: sandbox-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        };
        var record = new StringBuilder();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                Add(zip, path, bytes);
                var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                record.Append($"{path},sha256={hash},{bytes.Length}\n");
            }

            record.Append($"{DistInfo}/RECORD,,\n");
            Add(zip, $"{DistInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString()));
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string path, byte[] bytes)
    {
        using var entry = zip.CreateEntry(path).Open();
        entry.Write(bytes);
    }
}
