using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Sandbox.ScaleOut.Tests;

/// <summary>The position of a test in the suite: the swarm is one, and some tests leave it changed (a node killed).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class StepAttribute(int position) : Attribute
{
    public int Position => position;
}

/// <summary>Runs tests by <see cref="StepAttribute"/>: gentle ones first, the node kill and the tear-down last.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases) where TTestCase : notnull, ITestCase =>
        [.. testCases.OrderBy(t => (t as IXunitTestCase)?.TestMethod.Method.GetCustomAttribute<StepAttribute>()?.Position ?? int.MaxValue)];
}
