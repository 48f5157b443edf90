namespace Sandbox.Abstractions;

/// <summary>
/// Registers executors and validators compiled into the application, for applications that reference the plugin
/// packages instead of loading plugin folders (<c>services.AddSandbox().AddDocker().AddPythonValidator()</c>). Each
/// component is constructed exactly like a plugin — through its <see cref="PluginContext"/> constructor, with its
/// settings section — so the contract is the same whichever way it arrives. Implemented by Sandbox.Core.
/// </summary>
public interface ISandboxBuilder
{
    /// <summary>
    /// Adds an executor or validator type: public, non-abstract, implementing <see cref="IExecutor"/> or
    /// <see cref="IValidator"/>, with a <see cref="PluginContext"/> or parameterless constructor. Its settings are the
    /// section keyed by the last segment of its assembly name (<c>Sandbox.Executors.Docker</c> reads <c>executors.docker</c>).
    /// Adding the same type twice adds it once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="componentType"/> is not such a type.</exception>
    ISandboxBuilder AddComponent(Type componentType);
}
