using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Validators.Policy.Tests;

/// <summary>Runs the policy validator on a request, optionally with settings given as JSON.</summary>
internal static class Policy
{
    public static PolicyValidator Validator(string? settingsJson = "{}") =>
        new(new PluginContext(AppContext.BaseDirectory, settingsJson is null ? default : JsonDocument.Parse(settingsJson).RootElement));

    public static async Task<IReadOnlyList<ValidationFinding>> Check(ExecutionRequest request, string? settingsJson = "{}", string executor = "docker") =>
        await Validator(settingsJson).ValidateAsync(new ValidationContext(request, [], executor), TestContext.Current.CancellationToken);

    /// <summary>A request with every secure default and an image.</summary>
    public static ExecutionRequest Secure => ExecutionRequest.For("python3", "-c", "pass") with { Image = "sandbox/python:3.11-bookworm" };

    public static ExecutionRequest WithLimits(Func<ResourceLimits, ResourceLimits> change) => Secure with { Limits = change(ResourceLimits.Default) };

    public static ExecutionRequest WithSecurity(Func<SecurityProfile, SecurityProfile> change) => Secure with { Security = change(SecurityProfile.Default) };
}
