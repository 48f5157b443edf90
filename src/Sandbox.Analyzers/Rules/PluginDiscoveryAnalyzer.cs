using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sandbox.Analyzers.Internal;

namespace Sandbox.Analyzers.Rules;

/// <summary>
/// SBX0103: a class implementing <c>IExecutor</c> or <c>IValidator</c> that the plugin loader skips: it is not public
/// (itself or a containing type), abstract, generic, or has no public constructor taking a <c>PluginContext</c> or
/// nothing. The reasons are listed in the message.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PluginDiscoveryAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SandboxDiagnostics.PluginNotDiscoverable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SandboxSymbols.Resolve(start.Compilation) is not { } symbols) return;
            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, SandboxSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || !symbols.IsPlugin(type)) return;
        var reasons = Reasons(type, symbols.PluginContext).ToList();
        if (reasons.Count == 0) return;
        var where = type.Name + " (" + string.Join(", ", reasons) + ")";
        context.ReportDiagnostic(Diagnostic.Create(SandboxDiagnostics.PluginNotDiscoverable, type.Locations[0], where));
    }

    private static IEnumerable<string> Reasons(INamedTypeSymbol type, INamedTypeSymbol pluginContext)
    {
        if (!IsPublic(type)) yield return "not public";
        if (type.IsAbstract) yield return "abstract";
        if (IsGeneric(type)) yield return "generic";
        if (!type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && TakesNothingOrContext(c, pluginContext)))
        {
            yield return "no public constructor taking PluginContext or no parameters";
        }
    }

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public) return false;
        }

        return true;
    }

    private static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType) return true;
        }

        return false;
    }

    private static bool TakesNothingOrContext(IMethodSymbol constructor, INamedTypeSymbol pluginContext) =>
        constructor.Parameters.Length == 0
        || (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, pluginContext));
}
