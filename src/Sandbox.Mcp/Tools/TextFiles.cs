using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Mcp.Tools;

/// <summary>Reads one text file out of a session for a model: capped, and binary content refused rather than mangled.</summary>
internal static class TextFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<FileReadOutput> ReadAsync(ISandboxSession session, string path, long maxBytes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ToolRejectedException("path must name a file, e.g. \"src/app.py\".");
        var resolved = SandboxPaths.Resolve(path, session.Spec.WorkingDirectory, "path");
        var collected = await session.CollectAsync([resolved], cancellationToken).ConfigureAwait(false);
        var file = collected.Files.Count == 1 && collected.Files[0].SandboxPath == resolved ? collected.Files[0] : null;
        if (file is null)
        {
            if (collected.Files.Count > 0) throw new ToolRejectedException($"'{resolved}' is a directory; read the files in it one by one (list them with session_exec [\"ls\", \"-la\", \"{resolved}\"]).");
            // An empty directory collects nothing and warns nothing, like a path that is not there.
            var why = collected.Warnings.Count > 0
                ? string.Join("; ", collected.Warnings.Select(w => w.TrimEnd('.')))
                : "nothing is there (no such file, or an empty directory)";
            throw new ToolRejectedException($"Could not read '{resolved}': {why}.");
        }

        var bytes = file.Content.Span;
        var kept = bytes[..(int)Math.Min(bytes.Length, maxBytes)];
        if (kept.IndexOf((byte)0) >= 0 || !IsUtf8(kept, truncated: kept.Length < bytes.Length))
            throw new ToolRejectedException($"'{resolved}' is a binary file ({bytes.Length} bytes); session_read_file returns text only. Inspect it with session_exec instead, e.g. [\"od\", \"-c\", \"{resolved}\"] or [\"base64\", \"{resolved}\"] for a small file.");
        var text = Encoding.UTF8.GetString(kept);
        // A cut in the middle of a multi-byte character leaves a replacement character at the end: drop it.
        if (kept.Length < bytes.Length && text.EndsWith('\uFFFD')) text = text.TrimEnd('\uFFFD');
        return new FileReadOutput(session.Id, resolved, text, bytes.Length, kept.Length < bytes.Length);
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool truncated)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException) when (truncated)
        {
            // The cut may split the last character: up to 3 trailing bytes may be incomplete.
            for (var drop = 1; drop <= 3 && drop < bytes.Length; drop++)
            {
                try
                {
                    StrictUtf8.GetCharCount(bytes[..^drop]);
                    return true;
                }
                catch (DecoderFallbackException)
                {
                }
            }

            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
