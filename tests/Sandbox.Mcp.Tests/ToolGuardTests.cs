using Sandbox.Abstractions;
using Sandbox.Mcp.Tools;

namespace Sandbox.Mcp.Tests;

public sealed class ToolGuardTests
{
    [Fact]
    public void An_invalid_request_is_said_once_whether_or_not_its_message_already_says_so()
    {
        var exception = new InvalidRequestException("command", "must not be empty");

        Assert.Equal("Invalid request: command: must not be empty", ToolGuard.Describe(exception.Kind, exception.Message));
        Assert.Equal("Invalid request: the template needs 'code'", ToolGuard.Describe(ErrorKind.Template, "the template needs 'code'"));
    }
}
