using System.Text.Json.Serialization;

namespace Sandbox.Validators.Policy;

/// <summary>
/// Ceilings for <see cref="Abstractions.ResourceLimits"/>. Sizes are bytes or strings such as <c>512m</c>, <c>1g</c>,
/// <c>64MiB</c>; durations are seconds or strings such as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>00:05:00</c>.
/// </summary>
public sealed class CeilingSettings
{
    /// <summary>Largest memory limit.</summary>
    [JsonConverter(typeof(ByteSizeConverter))]
    public long? Memory { get; set; }

    /// <summary>Largest CPU quota in cores.</summary>
    public double? Cpus { get; set; }

    /// <summary>Largest process (pids) limit.</summary>
    public int? Pids { get; set; }

    /// <summary>Longest timeout.</summary>
    [JsonConverter(typeof(DurationConverter))]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Largest writable /tmp.</summary>
    [JsonConverter(typeof(ByteSizeConverter))]
    public long? Tmpfs { get; set; }

    /// <summary>Largest output kept per stream.</summary>
    [JsonConverter(typeof(ByteSizeConverter))]
    public long? Output { get; set; }

    /// <summary>Largest total of collected files.</summary>
    [JsonConverter(typeof(ByteSizeConverter))]
    public long? CollectedFiles { get; set; }

    /// <summary>Largest open-files limit.</summary>
    public int? OpenFiles { get; set; }

    /// <summary>Largest single-file size limit.</summary>
    [JsonConverter(typeof(ByteSizeConverter))]
    public long? FileSize { get; set; }
}
