using System.Text.RegularExpressions;
using Sandbox.Validators.Python.Analysis;

namespace Sandbox.Validators.Python.Tests;

public sealed class RuleCatalogTests
{
    [Fact]
    public void Rule_ids_are_unique_and_well_formed()
    {
        var ids = PythonRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^PY[0-9]{4}$"), id));
        Assert.All(PythonRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Title + r.Description)));
    }

    [Fact]
    public void Every_catalog_entry_reports_a_known_rule()
    {
        Assert.All(DangerCatalog.Entries, e => Assert.NotNull(PythonRules.Find(e.RuleId)));
    }

    [Fact]
    public void The_default_deny_list_covers_processes_network_native_code_and_the_interpreter()
    {
        Assert.Superset(new HashSet<string> { "os", "sys", "subprocess", "socket", "ctypes", "multiprocessing", "shutil", "importlib", "pty", "signal", "builtins", "pickle" },
            DangerCatalog.DefaultDeniedModules.ToHashSet());
    }
}
