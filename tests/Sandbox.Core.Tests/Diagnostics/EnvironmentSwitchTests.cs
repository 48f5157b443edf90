using Sandbox.Abstractions.Diagnostics;

namespace Sandbox.Core.Tests.Diagnostics;

public sealed class EnvironmentSwitchTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("on")]
    [InlineData("Yes")]
    [InlineData("1")]
    [InlineData(" on ")]
    public void Words_for_on_switch_on(string value) => Assert.True(EnvironmentSwitch.Parse(value));

    [Theory]
    [InlineData("false")]
    [InlineData("Off")]
    [InlineData("NO")]
    [InlineData("0")]
    public void Words_for_off_switch_off(string value) => Assert.False(EnvironmentSwitch.Parse(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("2")]
    public void Anything_else_says_neither_so_the_default_holds(string? value) => Assert.Null(EnvironmentSwitch.Parse(value));
}
