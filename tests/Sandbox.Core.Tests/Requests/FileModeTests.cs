using Sandbox.Abstractions;

namespace Sandbox.Core.Tests.Requests;

/// <summary>A file's mode is permission bits only, whichever executor places it.</summary>
public sealed class FileModeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(0x1A4)] // 0644
    [InlineData(0x1FF)] // 0777
    public void Permission_bits_are_accepted(int mode)
    {
        RequestGuard.Validate(ExecutionRequest.For("true") with { Files = [new SandboxFile("a", "x"u8.ToArray(), mode)] });
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0x9ED)] // 04755: setuid
    [InlineData(0x200)] // 01000: sticky
    [InlineData(99999)]
    public void Setuid_setgid_sticky_or_nonsense_bits_are_an_invalid_request_naming_the_file(int mode)
    {
        var request = ExecutionRequest.For("true") with { Files = [new SandboxFile("a", "x"u8.ToArray()), new SandboxFile("b", "x"u8.ToArray(), mode)] };

        var error = Assert.Throws<InvalidRequestException>(() => RequestGuard.Validate(request));

        Assert.Equal("files[1].mode", error.Field);
    }
}
