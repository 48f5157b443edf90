using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.CodeFixes.Rules;

/// <summary>
/// SBX0102: turns <c>task.Result</c> and <c>task.GetAwaiter().GetResult()</c> into <c>await task</c>, and a
/// <c>task.Wait();</c> statement into <c>await task;</c>, when the enclosing method, local function or lambda is
/// already <c>async</c> (making it async would change its signature and every caller).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallFixer)), Shared]
public sealed class BlockingCallFixer : CodeFixProvider
{
    private const string Title = "Use 'await'";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SandboxRules.BlocksOnAsyncId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax blocking) return;
        if (AwaitedTask(blocking) is not { } task || !InAsyncFunction(blocking)) return;
        var awaited = SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), task.WithoutTrivia());
        // Parenthesized so that `x.Result.Length` stays correct; the simplifier drops the parentheses where they are
        // redundant. A statement (`task.Wait();`) cannot be parenthesized at all.
        ExpressionSyntax replacement = blocking.Parent is ExpressionStatementSyntax
            ? awaited.WithTriviaFrom(blocking)
            : SyntaxFactory.ParenthesizedExpression(awaited).WithTriviaFrom(blocking).WithAdditionalAnnotations(Simplifier.Annotation);
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(blocking, replacement))), equivalenceKey: nameof(BlockingCallFixer)),
            context.Diagnostics);
    }

    // The task being blocked on, or null when the call has no mechanical await form (Wait(timeout), WaitAll, ...).
    private static ExpressionSyntax? AwaitedTask(ExpressionSyntax blocking) => blocking switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } },
        } => getAwaiter.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait, ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax } => wait.Expression,
        _ => null,
    };

    private static bool InAsyncFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
