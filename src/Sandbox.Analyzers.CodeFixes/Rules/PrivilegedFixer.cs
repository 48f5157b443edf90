using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.CodeFixes.Rules;

/// <summary>SBX0001: removes <c>Privileged = true</c> from the object initializer or <c>with</c> expression.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PrivilegedFixer)), Shared]
public sealed class PrivilegedFixer : CodeFixProvider
{
    private const string Title = "Remove 'Privileged = true'";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SandboxRules.PrivilegedId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } assignment) return;
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(Remove(context.Document, root, initializer, assignment)), equivalenceKey: nameof(PrivilegedFixer)),
            context.Diagnostics);
    }

    private static Document Remove(Document document, SyntaxNode root, InitializerExpressionSyntax initializer, AssignmentExpressionSyntax assignment)
    {
        var remaining = initializer.WithExpressions(initializer.Expressions.Remove(assignment)).WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(initializer, remaining));
    }
}
