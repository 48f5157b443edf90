using System.Text.Json;

namespace Sandbox.Toolkit.Json;

/// <summary>Start-up help for System.Text.Json in short-lived processes (a CLI run, a first request).</summary>
public static class JsonContracts
{
    /// <summary>
    /// Builds the metadata of <paramref name="root"/> under <paramref name="options"/>, and of every type its documents
    /// can hold (properties, elements, keys), and returns those types.
    /// </summary>
    /// <remarks>
    /// The first serialization or read of a type graph builds this on the caller's critical path: tens of milliseconds
    /// of reflection and JIT (generic code over value types, which ReadyToRun cannot precompile). A caller that knows
    /// what it will write or read can build it on another core while it waits for something else.
    /// </remarks>
    public static IReadOnlySet<Type> Prepare(JsonSerializerOptions options, Type root)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(root);
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type)) continue;
            var info = options.GetTypeInfo(type);
            foreach (var property in info.Properties) pending.Push(property.PropertyType);
            if (info.ElementType is { } element) pending.Push(element);
            if (info.KeyType is { } key) pending.Push(key);
        }

        return seen;
    }
}
