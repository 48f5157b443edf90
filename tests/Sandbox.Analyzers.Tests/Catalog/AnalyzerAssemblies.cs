using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.CodeFixes.Rules;
using Sandbox.Analyzers.Rules;

namespace Sandbox.Analyzers.Tests.Catalog;

/// <summary>What the shipped analyzer and code-fix assemblies contain, found by reflection as the compiler finds them.</summary>
internal static class AnalyzerAssemblies
{
    public static IReadOnlyList<Type> AnalyzerTypes { get; } = ConcreteTypes<DiagnosticAnalyzer>(typeof(PrivilegedAnalyzer).Assembly);

    public static IReadOnlyList<Type> FixerTypes { get; } = ConcreteTypes<CodeFixProvider>(typeof(PrivilegedFixer).Assembly);

    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToList();

    /// <summary>Every descriptor some analyzer reports, by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>Ids that have a code fix.</summary>
    public static IReadOnlySet<string> FixableIds { get; } =
        FixerTypes.SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>Ids also checked in sandbox.json.</summary>
    public static IReadOnlySet<string> ConfigFileIds { get; } =
        new SandboxConfigAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

    private static List<Type> ConcreteTypes<T>(Assembly assembly) =>
        assembly.GetTypes().Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
}
