using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.CodeFixes.Rules;

/// <summary>
/// SBX0005 and SBX0006: replaces an unlimited memory or timeout with the framework's default,
/// <c>ResourceLimits.DefaultMemoryBytes</c> or <c>ResourceLimits.DefaultTimeout</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResourceLimitFixer)), Shared]
public sealed class ResourceLimitFixer : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SandboxRules.NoMemoryLimitId, SandboxRules.NoTimeoutId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var member = diagnostic.Id == SandboxRules.NoMemoryLimitId ? "DefaultMemoryBytes" : "DefaultTimeout";
            var title = $"Use 'ResourceLimits.{member}'";
            context.RegisterCodeFix(CodeAction.Create(title, ct => UseDefaultAsync(context.Document, assignment, member, ct), equivalenceKey: nameof(ResourceLimitFixer)), diagnostic);
        }
    }

    private static async Task<Document> UseDefaultAsync(Document document, AssignmentExpressionSyntax assignment, string member, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not IPropertySymbol { ContainingType: { } limits }) return document;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var generator = editor.Generator;
        var value = generator.MemberAccessExpression(generator.TypeExpression(limits), member)
            .WithTriviaFrom(assignment.Right)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        editor.ReplaceNode(assignment.Right, value);
        return editor.GetChangedDocument();
    }
}
