using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Sandbox.Core.Tests.SourcePlugins;

// Run in-process by the source-plugin compiler only, never loaded by csc: the packaging rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1041, RS2008

/// <summary>
/// A stand-in for the framework's SBX0102 analyzer (blocking on async work), to test the analyzer seam of source plugins
/// with a real <see cref="DiagnosticAnalyzer"/>: it flags every <c>.Result</c> member access.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingResultAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("SBX0102", "Executor blocks on async work", "{0} blocks on asynchronous work", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(c =>
        {
            var access = (MemberAccessExpressionSyntax)c.Node;
            if (access.Name.Identifier.Text == "Result") c.ReportDiagnostic(Diagnostic.Create(Rule, access.Name.GetLocation(), access.ToString()));
        }, SyntaxKind.SimpleMemberAccessExpression);
    }
}
