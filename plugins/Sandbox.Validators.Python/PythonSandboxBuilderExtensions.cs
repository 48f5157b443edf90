using Sandbox.Abstractions;
using Sandbox.Validators.Python;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>python</c> validator compiled into the application, without a plugin folder.</summary>
public static class PythonSandboxBuilderExtensions
{
    /// <summary>Adds the <c>python</c> validator (<see cref="PythonValidator"/>); its settings come from <c>validators.python</c>.</summary>
    public static ISandboxBuilder AddPythonValidator(this ISandboxBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddComponent(typeof(PythonValidator));
    }
}
