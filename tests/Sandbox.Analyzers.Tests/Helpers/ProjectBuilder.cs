using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sandbox.Analyzers.Tests.Helpers;

/// <summary>
/// Fluent analyzer test: <c>new ProjectBuilder().WithAnalyzer&lt;T&gt;().WithSourceCode("... [|x|] ...").ValidateAsync()</c>.
/// Expected diagnostics are marked in the source (<c>[|...|]</c> for the analyzer's only rule, <c>{|SBX0002:...|}</c>
/// otherwise) or added with <see cref="ShouldReportDiagnostic"/>; compiler errors in the test code fail the test.
/// </summary>
internal sealed class ProjectBuilder
{
    private const string SourcePath = "/0/Test0.cs";
    private const string UsingsPath = "/0/GlobalUsings.cs";

    // The usings an SDK project gets implicitly, so test sources stay short.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;

        """;

    private readonly List<DiagnosticAnalyzer> _analyzers = [];
    private readonly List<CodeFixProvider> _fixers = [];
    private readonly List<(string Path, string Text)> _additionalFiles = [];
    private readonly List<DiagnosticResult> _expected = [];
    private string _source = "";
    private string? _fixedSource;
    private bool _referenceSandbox = true;
    private bool _importSandbox = true;
    private bool _noCodeFix;

    public ProjectBuilder WithAnalyzer<T>()
        where T : DiagnosticAnalyzer, new()
    {
        _analyzers.Add(new T());
        return this;
    }

    public ProjectBuilder WithCodeFixProvider<T>()
        where T : CodeFixProvider, new()
    {
        _fixers.Add(new T());
        return this;
    }

    /// <summary>The C# source under test. <c>Sandbox.Abstractions</c> is a global using unless the reference is removed.</summary>
    public ProjectBuilder WithSourceCode(string source)
    {
        _source = source;
        return this;
    }

    /// <summary>A file passed to the compiler as an AdditionalFile, e.g. <c>sandbox.json</c>.</summary>
    public ProjectBuilder WithAdditionalFile(string path, string text)
    {
        _additionalFiles.Add((path, text));
        return this;
    }

    /// <summary>Compiles without Sandbox.Abstractions, as a project that does not use the framework.</summary>
    public ProjectBuilder WithoutSandboxReference()
    {
        _referenceSandbox = false;
        return this;
    }

    /// <summary>References Sandbox.Abstractions without the global <c>using Sandbox.Abstractions;</c>.</summary>
    public ProjectBuilder WithoutSandboxGlobalUsing()
    {
        _importSandbox = false;
        return this;
    }

    public ProjectBuilder ShouldReportDiagnostic(params DiagnosticResult[] expected)
    {
        _expected.AddRange(expected);
        return this;
    }

    /// <summary>The source after every code fix has been applied (markup marks diagnostics that remain).</summary>
    public ProjectBuilder ShouldFixCodeWith(string fixedSource)
    {
        _fixedSource = fixedSource;
        return this;
    }

    /// <summary>Asserts that the fixers offer nothing: the code stays as it is, diagnostics included.</summary>
    public ProjectBuilder ShouldNotOfferCodeFix()
    {
        _noCodeFix = true;
        return this;
    }

    public async Task ValidateAsync()
    {
        var test = new SandboxAnalyzerTest(_analyzers, _fixers, _referenceSandbox);
        var usings = _referenceSandbox && _importSandbox ? ImplicitUsings + "global using Sandbox.Abstractions;\n" : ImplicitUsings;
        test.TestState.Sources.Add((SourcePath, _source));
        test.TestState.Sources.Add((UsingsPath, usings));
        foreach (var file in _additionalFiles) test.TestState.AdditionalFiles.Add(file);
        test.TestState.ExpectedDiagnostics.AddRange(_expected);
        if ((_noCodeFix ? _source : _fixedSource) is { } fixedSource)
        {
            test.FixedState.Sources.Add((SourcePath, fixedSource));
            test.FixedState.Sources.Add((UsingsPath, usings));
        }

        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
