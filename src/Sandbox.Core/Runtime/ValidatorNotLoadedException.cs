using Sandbox.Abstractions;

namespace Sandbox.Core;

/// <summary>
/// A validator that is installed and not turned off failed to load, so nothing is validated or run: running without it
/// would let through what it exists to stop (a typo in its settings must not switch it off).
/// </summary>
public sealed class ValidatorNotLoadedException : SandboxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The validator's name (its section is <c>validators.&lt;name&gt;</c>).</param>
    /// <param name="loadError">Why it failed to load.</param>
    public ValidatorNotLoadedException(string name, string loadError)
        : base($"Validator '{name}' could not be loaded: {loadError}. Nothing runs without it: correct it, or turn it off with validators.{name}.enabled = false.")
    {
        Name = name;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.PluginLoad;

    /// <summary>The validator's name.</summary>
    public string Name { get; }
}
