using System.Text.Json.Serialization;

namespace Sandbox.Engines.DockerApi;

/// <summary>When an executor pulls a run's image from its registry (<c>pullPolicy</c> in the executor's settings).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImagePullPolicy>))]
public enum ImagePullPolicy
{
    /// <summary>Pull only when the engine does not have the image (as <c>docker run</c> does).</summary>
    Missing = 0,

    /// <summary>Never pull: a missing image is an <c>imageNotFound</c> error (offline machines, pre-loaded images).</summary>
    Never = 1,

    /// <summary>Pull before every container is created, so a moved tag is always followed.</summary>
    Always = 2,
}
