namespace Sandbox.Core.Harness;

/// <summary>
/// The file names and defaults of the harness protocol (docs/harness-protocol.md), in one place for every template:
/// the user's code and <c>input.json</c> go into the working directory next to the harness, which writes an envelope
/// <c>{"ok": true, "result": ...}</c> or <c>{"ok": false, "error": {"type", "message", "traceback"}}</c> to
/// <c>output.json</c> and exits 1 when the code failed.
/// </summary>
public static class HarnessProtocol
{
    /// <summary>The input file.</summary>
    public const string InputFile = "input.json";

    /// <summary>The envelope file.</summary>
    public const string OutputFile = "output.json";

    /// <summary>The function a handler template calls.</summary>
    public const string DefaultHandler = "handler";

    /// <summary>Largest envelope a harness writes; a larger result becomes an <c>OutputTooLarge</c> error.</summary>
    public const long DefaultMaxOutputBytes = 1024 * 1024;
}
