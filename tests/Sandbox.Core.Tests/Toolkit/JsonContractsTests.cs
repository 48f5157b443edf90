using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Toolkit.Json;

namespace Sandbox.Core.Tests.Toolkit;

/// <summary>JSON contracts built ahead of a short-lived process's first read or write.</summary>
public sealed class JsonContractsTests
{
    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void Preparing_a_type_builds_every_type_its_documents_can_hold_and_stops_at_cycles()
    {
        var prepared = JsonContracts.Prepare(Options, typeof(Order));

        Assert.Equal(
            new HashSet<Type> { typeof(Order), typeof(List<Line>), typeof(Line), typeof(Dictionary<string, long?>), typeof(string), typeof(long?), typeof(long), typeof(int) },
            prepared);
    }

    [Fact]
    public void A_type_the_options_cannot_describe_fails_as_its_first_use_would()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() };

        Assert.Throws<NotSupportedException>(() => JsonContracts.Prepare(options, typeof(Order)));
    }

    private sealed record Order(List<Line> Lines, Dictionary<string, long?> Totals, Order? Previous);

    private sealed record Line(string Name, int Count);
}
