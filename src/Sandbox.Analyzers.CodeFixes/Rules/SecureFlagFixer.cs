using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.CodeFixes.Rules;

/// <summary>
/// SBX0004, SBX0017 and SBX0018: sets the weakened flag (<c>ReadOnlyRootFilesystem</c>, <c>DropAllCapabilities</c>,
/// <c>NoNewPrivileges</c>) back to <c>true</c>. Setting, not removing: in a <c>with</c> expression the copied profile
/// may itself be weakened, so only an explicit <c>true</c> is sure to restore the default.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecureFlagFixer)), Shared]
public sealed class SecureFlagFixer : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        SandboxRules.ReadOnlyRootDisabledId, SandboxRules.CapabilitiesNotDroppedId, SandboxRules.NoNewPrivilegesDisabledId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment) return;
        var title = $"Set '{assignment.Left.WithoutTrivia()} = true'";
        var secure = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right);
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(assignment.Right, secure))), equivalenceKey: nameof(SecureFlagFixer)),
            context.Diagnostics);
    }
}
