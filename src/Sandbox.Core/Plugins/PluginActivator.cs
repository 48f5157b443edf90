using System.Reflection;
using Sandbox.Abstractions;

namespace Sandbox.Core.Plugins;

/// <summary>
/// Decides which types of a plugin assembly are components and constructs them. The rule (also enforced at compile
/// time by SBX0103): public, non-abstract, non-generic classes implementing <see cref="IExecutor"/> or
/// <see cref="IValidator"/> with a public constructor taking a <see cref="PluginContext"/> or no parameters.
/// </summary>
internal static class PluginActivator
{
    public static bool IsComponent(Type type, out PluginKind kind)
    {
        kind = typeof(IExecutor).IsAssignableFrom(type) ? PluginKind.Executor : PluginKind.Validator;
        return type is { IsClass: true, IsAbstract: false, IsPublic: true, ContainsGenericParameters: false }
               && (typeof(IExecutor).IsAssignableFrom(type) || typeof(IValidator).IsAssignableFrom(type))
               && FindConstructor(type) is not null;
    }

    public static object Create(Type type, PluginContext context)
    {
        var constructor = FindConstructor(type)!;
        try
        {
            return constructor.GetParameters().Length == 1 ? constructor.Invoke([context]) : constructor.Invoke([]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            // Unwrap so the error names what the plugin actually threw, not the reflection plumbing.
            throw ex.InnerException;
        }
    }

    private static ConstructorInfo? FindConstructor(Type type) =>
        type.GetConstructor([typeof(PluginContext)]) ?? type.GetConstructor(Type.EmptyTypes);
}
