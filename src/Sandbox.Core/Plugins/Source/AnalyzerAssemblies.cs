using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sandbox.Core.Plugins;

/// <summary>Loads <see cref="DiagnosticAnalyzer"/> instances from analyzer assemblies, for <see cref="SourcePluginOptions.Analyzers"/>.</summary>
public static class AnalyzerAssemblies
{
    /// <summary>Where the framework's SBX analyzers are shipped next to the application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "analyzers", "Sandbox.Analyzers.dll");

    private static readonly Lazy<IReadOnlyList<DiagnosticAnalyzer>> LazyDefault = new(() => File.Exists(DefaultPath) ? Load(DefaultPath) : []);

    /// <summary>The framework's SBX analyzers, or none when <see cref="DefaultPath"/> does not exist.</summary>
    public static IReadOnlyList<DiagnosticAnalyzer> Default => LazyDefault.Value;

    /// <summary>Every C# analyzer in the assembly at <paramref name="path"/>.</summary>
    /// <remarks>
    /// The assembly is loaded into the default context, so it binds to the runtime's own Microsoft.CodeAnalysis
    /// (analyzers built against an older Roslyn roll forward to it).
    /// </remarks>
    public static IReadOnlyList<DiagnosticAnalyzer> Load(string path)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        return [.. Analyzers(assembly)];
    }

    /// <summary>Every C# analyzer defined in <paramref name="assembly"/>.</summary>
    public static IEnumerable<DiagnosticAnalyzer> Analyzers(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);
    }
}
