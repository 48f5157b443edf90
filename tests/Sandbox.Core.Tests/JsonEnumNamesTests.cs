using Sandbox.Abstractions;
using Sandbox.Abstractions.Json;
using Sandbox.Core.Pooling;

namespace Sandbox.Core.Tests;

/// <summary>An enum's values are written and read by their camelCase names, never by number.</summary>
public sealed class JsonEnumNamesTests
{
    [Fact]
    public void Names_are_the_camel_case_names_the_serializer_writes_in_declaration_order()
    {
        Assert.Equal(["none", "bridge", "host"], JsonEnumNames.Of<NetworkPolicy>());
        Assert.Equal(["wait", "failFast", "cold"], JsonEnumNames.Of<PoolExhaustionMode>());
    }

    [Theory]
    [InlineData("bridge", NetworkPolicy.Bridge)]
    [InlineData("HOST", NetworkPolicy.Host)]
    [InlineData(" none ", NetworkPolicy.None)]
    public void A_name_is_read_ignoring_case(string text, NetworkPolicy expected)
    {
        Assert.True(JsonEnumNames.TryParse<NetworkPolicy>(text, out var policy));
        Assert.Equal(expected, policy);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("+2")]
    [InlineData("7")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("internet")]
    [InlineData("none,host")]
    public void Numbers_and_other_words_are_not_names(string? text) =>
        Assert.False(JsonEnumNames.TryParse<NetworkPolicy>(text, out _));
}
