namespace Sandbox.Abstractions;

/// <summary>Categories of framework errors. Serialized as camelCase names; never renumber.</summary>
public enum ErrorKind
{
    /// <summary>A bug or an unexpected failure.</summary>
    Internal = 0,

    /// <summary>The request is malformed (empty command, negative limit, unsafe path, ...).</summary>
    InvalidRequest = 1,

    /// <summary>A configuration file or option is invalid.</summary>
    Configuration = 2,

    /// <summary>A plugin could not be loaded or constructed.</summary>
    PluginLoad = 3,

    /// <summary>No executor or validator has the requested name.</summary>
    NotFound = 4,

    /// <summary>The container engine (or another required service) is not reachable.</summary>
    EngineUnavailable = 5,

    /// <summary>The requested image is not present and could not be pulled or built.</summary>
    ImageNotFound = 6,

    /// <summary>The engine refused an operation; its own message is kept.</summary>
    EngineError = 7,

    /// <summary>The executor cannot enforce something the request demands.</summary>
    CapabilityUnsupported = 8,

    /// <summary>A validator rejected the request before any sandbox existed.</summary>
    ValidationRejected = 9,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled = 10,

    /// <summary>A template could not be found, parsed or rendered.</summary>
    Template = 11,

    /// <summary>No sandbox became available in time: the warm pool was exhausted or the live-sandbox limit was reached.</summary>
    CapacityExhausted = 12,

    /// <summary>A registry refused the credentials for an image pull (or demanded some and none were found).</summary>
    RegistryUnauthorized = 13,

    /// <summary>The registry of an image to pull could not be reached (down, unknown host, TLS refused).</summary>
    RegistryUnavailable = 14,
}
