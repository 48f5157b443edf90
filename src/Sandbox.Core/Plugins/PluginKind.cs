namespace Sandbox.Core.Plugins;

/// <summary>What a plugin component provides.</summary>
public enum PluginKind
{
    /// <summary>An <see cref="Sandbox.Abstractions.IExecutor"/>.</summary>
    Executor,

    /// <summary>An <see cref="Sandbox.Abstractions.IValidator"/>.</summary>
    Validator,
}
