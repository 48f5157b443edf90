using Sandbox.Abstractions;
using Sandbox.Validators.Policy;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>policy</c> validator compiled into the application, without a plugin folder.</summary>
public static class PolicySandboxBuilderExtensions
{
    /// <summary>Adds the <c>policy</c> validator (<see cref="PolicyValidator"/>); its settings come from <c>validators.policy</c>.</summary>
    public static ISandboxBuilder AddPolicyValidator(this ISandboxBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddComponent(typeof(PolicyValidator));
    }
}
