using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Sandbox.Abstractions.Rules;

namespace Sandbox.Analyzers.CodeFixes.Rules;

/// <summary>
/// SBX0101: passes the method's CancellationToken to every call in its body that accepts one, either through an
/// optional parameter left at its default or through an overload with one more, trailing, CancellationToken.
/// Offered only when there is at least one such call; otherwise observing the token is a design decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancellationTokenFixer)), Shared]
public sealed class CancellationTokenFixer : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SandboxRules.IgnoresCancellationTokenId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        if (root.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration) return;
        if (model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method) return;
        if (model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken") is not { } tokenType) return;
        if (method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, tokenType)) is not { } token) return;

        var edits = new List<(InvocationExpressionSyntax Call, ArgumentSyntax Argument)>();
        foreach (var call in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (InsideStaticFunction(call, declaration)) continue;
            if (model.GetOperation(call, context.CancellationToken) is not IInvocationOperation invocation) continue;
            if (TokenArgument(invocation, call, tokenType, token.Name) is { } argument) edits.Add((call, argument));
        }

        if (edits.Count == 0) return;
        var title = $"Pass '{token.Name}' on";
        context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(document, edits, ct), equivalenceKey: nameof(CancellationTokenFixer)), context.Diagnostics);
    }

    private static async Task<Document> ApplyAsync(Document document, List<(InvocationExpressionSyntax Call, ArgumentSyntax Argument)> edits, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (call, argument) in edits)
        {
            // The callback form sees earlier edits, so a call nested in another call's arguments is kept.
            editor.ReplaceNode(call, (current, _) => ((InvocationExpressionSyntax)current).AddArgumentListArguments(argument));
        }

        return editor.GetChangedDocument();
    }

    private static ArgumentSyntax? TokenArgument(IInvocationOperation invocation, InvocationExpressionSyntax call, INamedTypeSymbol tokenType, string tokenName)
    {
        if (invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && SymbolEqualityComparer.Default.Equals(a.Value.Type, tokenType))) return null;
        var value = SyntaxFactory.IdentifierName(tokenName);
        var named = call.ArgumentList.Arguments.Any(a => a.NameColon is not null);
        var method = invocation.TargetMethod;
        if (method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, tokenType)) is { } parameter)
        {
            // Positional only when every earlier parameter is given explicitly; otherwise by name.
            var positional = !named && invocation.Arguments.All(a => a.Parameter is null || a.Parameter.Ordinal >= parameter.Ordinal || a.ArgumentKind == ArgumentKind.Explicit);
            return positional
                ? SyntaxFactory.Argument(value)
                : SyntaxFactory.Argument(SyntaxFactory.NameColon(parameter.Name), default, value);
        }

        if (named || invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit)) return null;
        return HasTokenOverload(method, tokenType) ? SyntaxFactory.Argument(value) : null;
    }

    // Overloads are compared on their definitions, by type name, so that generic methods (Task.Run<TResult>) match too;
    // the fixed code is compiled by the IDE, which would flag a wrong guess at once.
    private static bool HasTokenOverload(IMethodSymbol method, INamedTypeSymbol tokenType)
    {
        var definition = method.ReducedFrom ?? method.OriginalDefinition;
        var parameters = definition.Parameters.Select(p => p.Type.ToDisplayString()).ToList();
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
            candidate.IsStatic == definition.IsStatic
            && candidate.TypeParameters.Length == definition.TypeParameters.Length
            && candidate.Parameters.Length == parameters.Count + 1
            && SymbolEqualityComparer.Default.Equals(candidate.Parameters[parameters.Count].Type, tokenType)
            && parameters.SequenceEqual(candidate.Parameters.Take(parameters.Count).Select(p => p.OriginalDefinition.Type.ToDisplayString()), StringComparer.Ordinal));
    }

    // A static lambda or local function cannot capture the token.
    private static bool InsideStaticFunction(SyntaxNode node, SyntaxNode method) =>
        node.Ancestors().TakeWhile(a => a != method).Any(a => a switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers.Any(SyntaxKind.StaticKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.StaticKeyword),
            _ => false,
        });
}
