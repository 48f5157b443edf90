using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Sandbox.Abstractions;

namespace Sandbox.Mcp.Tools;

/// <summary>
/// Turns every failure of a tool into a tool error the model can act on: refusals say what to change, framework
/// failures say they are not the model's fault. Nothing escapes to the transport, so a failing call never ends the
/// connection; only the client's own cancellation propagates (the SDK then sends no result, as the protocol asks).
/// </summary>
internal sealed class ToolGuard(ILogger<ToolGuard> logger)
{
    public async Task<CallToolResult> RunAsync(string tool, Func<Task<CallToolResult>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ToolRejectedException ex)
        {
            return ToolResults.Error(ex.Message);
        }
        catch (SandboxException ex)
        {
            logger.LogInformation("{Tool}: {Kind}: {Message}", tool, ex.Kind, ex.Message);
            return ToolResults.Error(Describe(ex.Kind, ex.Message));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Tool} failed", tool);
            return ToolResults.Error($"{tool} failed inside the sandbox service ({ex.GetType().Name}: {ex.Message}). This is not caused by your request; retry later.");
        }
    }

    private const string InvalidRequest = "Invalid request: ";

    /// <summary>The text of a tool error for a framework error of <paramref name="kind"/>.</summary>
    public static string Describe(ErrorKind kind, string message) => kind switch
    {
        ErrorKind.ValidationRejected => $"{message}. Change the code or the request so that it passes this check; nothing ran.",
        // InvalidRequestException's own message already starts so.
        ErrorKind.InvalidRequest or ErrorKind.Template => message.StartsWith(InvalidRequest, StringComparison.Ordinal) ? message : InvalidRequest + message,
        ErrorKind.NotFound => message,
        ErrorKind.ImageNotFound => $"{message} Use another image, or leave image out to use the server's default.",
        ErrorKind.CapabilityUnsupported => $"{message} Ask for less (e.g. leave out the option), the server cannot enforce it.",
        ErrorKind.CapacityExhausted => $"{message} Retry in a moment, or close sessions you no longer need.",
        ErrorKind.Cancelled => "The call was cancelled; its sandbox was removed.",
        _ => $"The sandbox service failed ({kind}): {message} This is not caused by your request; retry later.",
    };
}
