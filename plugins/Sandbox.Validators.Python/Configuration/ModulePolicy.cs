namespace Sandbox.Validators.Python.Configuration;

/// <summary>The outcome of checking one module name.</summary>
internal enum ModuleVerdict
{
    Allowed,
    Denied,
    NotAllowListed,
}

/// <summary>Which modules may be imported: everything but a deny-list, only an allow-list, or everything.</summary>
internal sealed class ModulePolicy
{
    private readonly HashSet<string> _deny;
    private readonly HashSet<string> _allow;
    private readonly bool _allowAll;

    public ModulePolicy(IEnumerable<string> deny, IEnumerable<string> allow, bool allowAll)
    {
        _deny = new HashSet<string>(deny, StringComparer.Ordinal);
        _allow = new HashSet<string>(allow, StringComparer.Ordinal);
        _allowAll = allowAll;
    }

    /// <summary>Whether the policy is in allow-list mode.</summary>
    public bool AllowListMode => !_allowAll && _allow.Count > 0;

    /// <summary>The allow-list, for messages.</summary>
    public IReadOnlyCollection<string> AllowList => _allow;

    /// <summary>
    /// Checks an import of <paramref name="module"/> (and, for <c>from module import member</c>, of <paramref name="member"/>,
    /// which may be a submodule). <paramref name="entry"/> is the list entry that decided it.
    /// </summary>
    public ModuleVerdict Check(string module, string? member, out string entry)
    {
        entry = "";
        if (_allowAll || module == "__future__") return ModuleVerdict.Allowed;
        var full = member is null || member == "*" ? null : module + "." + member;
        if (AllowListMode)
        {
            if (FindEntry(_allow, module, out entry) || (full is not null && FindEntry(_allow, full, out entry))) return ModuleVerdict.Allowed;
            entry = "";
            return ModuleVerdict.NotAllowListed;
        }

        return FindEntry(_deny, module, out entry) || (full is not null && FindEntry(_deny, full, out entry)) ? ModuleVerdict.Denied : ModuleVerdict.Allowed;
    }

    // An entry covers itself and everything below it: "os" covers "os.path".
    private static bool FindEntry(HashSet<string> set, string name, out string entry)
    {
        for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            if (set.Contains(entry = name[..dot])) return true;
        }

        entry = name;
        return set.Contains(name);
    }
}
