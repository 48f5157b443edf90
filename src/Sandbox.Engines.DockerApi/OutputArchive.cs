using System.Formats.Tar;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Turns an archive read out of a sandbox into <see cref="CollectedFile"/>s. Nothing in the archive is trusted: entries
/// with absolute paths or <c>..</c>, links that would escape, and special files are refused with a warning, and the
/// total size is capped — the excess is never buffered.
/// </summary>
public sealed class OutputArchive
{
    private readonly List<CollectedFile> _files = [];
    private readonly List<string> _warnings = [];
    private long _remaining;

    /// <summary>Creates a collector that keeps at most <paramref name="budgetBytes"/> bytes over all archives read.</summary>
    public OutputArchive(long budgetBytes) => _remaining = budgetBytes;

    /// <summary>Files collected so far.</summary>
    public IReadOnlyList<CollectedFile> Files => _files;

    /// <summary>Entries refused or skipped, and why.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Whether the size cap stopped the collection.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>
    /// Reads the archive of <paramref name="sandboxPath"/> (as the engine's archive API returns it: entries named
    /// relative to the path's parent directory).
    /// </summary>
    public async Task ReadAsync(Stream archive, string sandboxPath, CancellationToken cancellationToken = default)
    {
        if (BudgetExhausted) return;
        var parent = sandboxPath[..sandboxPath.LastIndexOf('/')];
        var regular = new Dictionary<string, CollectedFile>(StringComparer.Ordinal);
        var links = new List<(string Name, string Target, bool Symbolic)>();
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var name = SandboxPaths.NormalizeCollectedEntry(entry.Name);
            if (name is null)
            {
                Refuse(entry.Name, "its path is absolute or climbs out with '..'");
                continue;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    if (entry.Length > _remaining)
                    {
                        BudgetExhausted = true;
                        _warnings.Add($"Output collection stopped at '{name}': collected files may total at most the collectedFiles limit; the rest was not read.");
                        return;
                    }

                    var content = new byte[entry.Length];
                    if (entry.DataStream is { } data) await data.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                    _remaining -= content.Length;
                    var file = new CollectedFile(name, $"{parent}/{name}", content, (int)entry.Mode & 0x1FF);
                    regular[name] = file;
                    _files.Add(file);
                    break;
                case TarEntryType.SymbolicLink:
                    if (!SandboxPaths.LinkStaysInside(name, entry.LinkName)) Refuse(name, $"it is a link to '{entry.LinkName}', outside the collected directory");
                    else links.Add((name, Resolve(name, entry.LinkName), true));
                    break;
                case TarEntryType.HardLink:
                    if (SandboxPaths.NormalizeCollectedEntry(entry.LinkName) is { } target) links.Add((name, target, false));
                    else Refuse(name, $"it is a hard link to '{entry.LinkName}', outside the collected directory");
                    break;
                default:
                    Refuse(name, $"it is a {entry.EntryType} entry; only regular files are collected");
                    break;
            }
        }

        // A link that stays inside is collected as a copy of the file it names, when that file was collected too.
        foreach (var (name, target, symbolic) in links)
        {
            if (!regular.TryGetValue(target, out var file))
            {
                _warnings.Add($"Skipped '{name}': it is a {(symbolic ? "symbolic" : "hard")} link to '{target}', which is not a collected file.");
                continue;
            }

            if (file.Length > _remaining)
            {
                BudgetExhausted = true;
                _warnings.Add($"Output collection stopped at '{name}': collected files may total at most the collectedFiles limit.");
                return;
            }

            _remaining -= file.Length;
            _files.Add(file with { RelativePath = name, SandboxPath = $"{parent}/{name}" });
        }
    }

    /// <summary>Records that <paramref name="sandboxPath"/> did not exist.</summary>
    public void NotFound(string sandboxPath) => _warnings.Add($"Output path '{sandboxPath}' does not exist in the sandbox; nothing collected from it.");

    private void Refuse(string name, string why) => _warnings.Add($"Refused '{name}': {why}.");

    private static string Resolve(string linkEntry, string target)
    {
        var stack = new List<string>(linkEntry.Split('/')[..^1]);
        foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..") stack.RemoveAt(stack.Count - 1);
            else stack.Add(segment);
        }

        return string.Join('/', stack);
    }
}
