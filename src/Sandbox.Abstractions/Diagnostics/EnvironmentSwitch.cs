namespace Sandbox.Abstractions.Diagnostics;

/// <summary>
/// The one reading of a variable that switches something on or off (<c>CI</c>, <c>SANDBOX_DAEMON</c>): <c>true</c>,
/// <c>on</c>, <c>yes</c> or <c>1</c> is on; <c>false</c>, <c>off</c>, <c>no</c> or <c>0</c> is off; letters in any case.
/// </summary>
public static class EnvironmentSwitch
{
    private static readonly string[] On = ["true", "on", "yes", "1"];
    private static readonly string[] Off = ["false", "off", "no", "0"];

    /// <summary>What <paramref name="variable"/> says: <c>null</c> when it is unset or says neither.</summary>
    public static bool? Read(string variable) => Parse(Environment.GetEnvironmentVariable(variable));

    /// <summary>What <paramref name="value"/> says: <c>null</c> when it is <c>null</c> or says neither.</summary>
    public static bool? Parse(string? value)
    {
        var trimmed = value?.Trim();
        if (On.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) return true;
        if (Off.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) return false;
        return null;
    }
}
