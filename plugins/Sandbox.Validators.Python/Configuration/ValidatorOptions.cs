using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Validators.Python.Analysis;

namespace Sandbox.Validators.Python.Configuration;

/// <summary><see cref="PythonValidatorSettings"/> checked and compiled into what the analysis looks up.</summary>
internal sealed class ValidatorOptions
{
    private readonly Dictionary<string, DangerEntry> _exact = new(StringComparer.Ordinal);
    private readonly List<(NamePattern Pattern, DangerEntry Entry)> _wildcards = [];
    private readonly List<NamePattern> _allowedCalls;
    private readonly Dictionary<string, FindingSeverity?> _severity = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Compiles <paramref name="settings"/>.</summary>
    /// <exception cref="PluginSettingsException">A setting is malformed; the problem lists every one, each with its member.</exception>
    public ValidatorOptions(PythonValidatorSettings settings)
    {
        var problems = new List<JsonProblem>();
        CheckNames(settings.Deny, "deny", false, problems);
        CheckNames(settings.Allow, "allow", false, problems);
        CheckNames(settings.AllowCalls, "allowCalls", true, problems);
        CheckNames(settings.DenyCalls, "denyCalls", true, problems);
        if (settings.AllowAll && settings.Allow.Count > 0) problems.Add(new JsonProblem("allowAll", "cannot be set with allow: allowAll already allows every module"));
        foreach (var (id, value) in settings.Severity ?? [])
        {
            if (PythonRules.Find(id) is null) problems.Add(new JsonProblem($"severity.{id}", JsonKindWords.UnknownMember(PythonRules.All.Select(r => r.Id))));
            else if (!TryParseSeverity(value, out var severity)) problems.Add(new JsonProblem($"severity.{id}", JsonKindWords.NotOneOf(value, ["error", "warning", "info", "none"])));
            else _severity[id] = severity;
        }

        if (problems.Count > 0) throw new PluginSettingsException(problems);

        var deny = settings.DefaultDeny ? DangerCatalog.DefaultDeniedModules.Concat(settings.Deny) : settings.Deny;
        Modules = new ModulePolicy(deny, settings.Allow, settings.AllowAll);
        _allowedCalls = settings.AllowCalls.Select(c => new NamePattern(Qualify(c))).ToList();
        var extra = settings.DenyCalls.Select(c => Qualify(c)).Select(q => new DangerEntry(q,
            q.StartsWith("builtins.", StringComparison.Ordinal) ? PythonRules.DangerousBuiltin.Id : PythonRules.DangerousMember.Id,
            "is on the validator's denyCalls list"));
        foreach (var entry in DangerCatalog.Entries.Concat(extra))
        {
            var pattern = new NamePattern(entry.Pattern);
            if (pattern.IsWildcard) _wildcards.Add((pattern, entry));
            else _exact[entry.Pattern] = entry;
            if (entry.Pattern.StartsWith("builtins.", StringComparison.Ordinal) && !pattern.IsWildcard) BuiltinNames.Add(entry.Pattern["builtins.".Length..]);
        }

        BuiltinLookup = BuiltinNames.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Which modules may be imported.</summary>
    public ModulePolicy Modules { get; }

    /// <summary>Bare names of the dangerous builtins (<c>eval</c>, <c>__import__</c>, ...).</summary>
    public HashSet<string> BuiltinNames { get; } = new(StringComparer.Ordinal);

    /// <summary><see cref="BuiltinNames"/> looked up by span, so that ordinary names cost no allocation.</summary>
    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BuiltinLookup { get; }

    /// <summary>The catalog entry for a qualified name, unless the settings allow it.</summary>
    public DangerEntry? Find(string qualified)
    {
        if (!_exact.TryGetValue(qualified, out var entry))
        {
            foreach (var (pattern, candidate) in _wildcards)
            {
                if (!pattern.Matches(qualified)) continue;
                entry = candidate;
                break;
            }
        }

        return entry is null || _allowedCalls.Any(a => a.Matches(qualified)) ? null : entry;
    }

    /// <summary>The severity of <paramref name="ruleId"/> after overrides; <c>null</c> when the rule is turned off.</summary>
    public FindingSeverity? SeverityOf(string ruleId) =>
        _severity.TryGetValue(ruleId, out var severity) ? severity : PythonRules.Find(ruleId)?.DefaultSeverity;

    private static string Qualify(string name) => name.Contains('.') ? name : "builtins." + name;

    private static void CheckNames(List<string>? names, string setting, bool allowWildcard, List<JsonProblem> problems)
    {
        if (names is null) return;
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            if (!NamePattern.IsValid(name, allowWildcard))
                problems.Add(new JsonProblem($"{setting}[{i}]", $"'{name}' is not a dotted {(allowWildcard ? "name (one * allowed)" : "module name")}"));
        }
    }

    private static bool TryParseSeverity(string? value, out FindingSeverity? severity)
    {
        severity = value?.Trim().ToLowerInvariant() switch
        {
            "error" => FindingSeverity.Error,
            "warning" => FindingSeverity.Warning,
            "info" => FindingSeverity.Info,
            _ => null,
        };
        return severity is not null || value?.Trim().ToLowerInvariant() is "none" or "off";
    }
}
