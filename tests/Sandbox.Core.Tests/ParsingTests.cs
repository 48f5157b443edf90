using Sandbox.Core.Configuration;

namespace Sandbox.Core.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64k", 64L << 10)]
    [InlineData("512m", 512L << 20)]
    [InlineData("512M", 512L << 20)]
    [InlineData("512mb", 512L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("2GiB", 2L << 30)]
    public void Sizes_are_parsed_with_binary_units(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes, out _));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("2gb!")]
    [InlineData("")]
    [InlineData("-1m")]
    [InlineData("0")]
    [InlineData("lots")]
    [InlineData("1x")]
    public void Malformed_sizes_are_refused_with_an_example(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("5", 5_000)]
    [InlineData("0.5s", 500)]
    public void Durations_are_parsed(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration, out _));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Fact]
    public void Infinite_is_a_duration_without_limit()
    {
        Assert.True(Duration.TryParse("infinite", out var duration, out _));
        Assert.Equal(Timeout.InfiniteTimeSpan, duration);
    }

    [Theory]
    [InlineData("-5s", "greater than zero")]
    [InlineData("0s", "greater than zero")]
    [InlineData("soon", "not a duration")]
    public void Bad_durations_are_refused(string text, string problem)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(problem, error);
    }
}
