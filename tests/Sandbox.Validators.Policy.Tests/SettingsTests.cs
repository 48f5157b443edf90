using Sandbox.Abstractions;
namespace Sandbox.Validators.Policy.Tests;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("""{ "allowNetwork": "internet" }""", "allowNetwork")]
    [InlineData("""{ "allowNetwork": "1" }""", "allowNetwork")]
    [InlineData("""{ "ceilings": { "memory": "lots" } }""", "memory")]
    [InlineData("""{ "ceilings": { "memory": -1 } }""", "memory")]
    [InlineData("""{ "ceilings": { "timeout": "soon" } }""", "timeout")]
    [InlineData("""{ "ceilings": { "cpus": 0 } }""", "ceilings.cpus")]
    [InlineData("""{ "ceilings": { "pids": -5 } }""", "ceilings.pids")]
    [InlineData("""{ "ceilings": { "disk": "1g" } }""", "disk")]
    [InlineData("""{ "allowMounts": ["relative/path"] }""", "relative/path")]
    [InlineData("""{ "permit": ["SBX0001"] }""", "never allowed")]
    [InlineData("""{ "permit": ["SBX0002"] }""", "use allowNetwork")]
    [InlineData("""{ "permit": ["SBX0013"] }""", "use allowRoot")]
    [InlineData("""{ "permit": ["SBX0101"] }""", "SBX0101")]
    [InlineData("""{ "permit": ["POL0001"] }""", "POL0001")]
    [InlineData("""{ "allowImages": [""] }""", "allowImages")]
    [InlineData("""{ "allowRoot": "yes" }""", "allowRoot")]
    public void Malformed_settings_fail_construction_with_a_message_naming_the_problem(string json, string named)
    {
        var error = Assert.Throws<PluginSettingsException>(() => Policy.Validator(json));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Rule_ids_are_unique_and_well_formed()
    {
        var ids = PolicyRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^POL[0-9]{4}$", id));
    }
}
