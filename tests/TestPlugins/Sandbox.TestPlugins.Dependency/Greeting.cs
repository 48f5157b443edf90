namespace Sandbox.TestPlugins.Dependency;

/// <summary>Something the plugin needs from its dependency.</summary>
public static class Greeting
{
    /// <summary>A name built by the dependency.</summary>
    public static string Name => "missing-dependency";
}
