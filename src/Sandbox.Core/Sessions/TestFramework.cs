namespace Sandbox.Core.Sessions;

/// <summary>A test runner whose output the framework understands. Serialized as camelCase names.</summary>
public enum TestFramework
{
    /// <summary>Not recognised: only the exit code says anything.</summary>
    Unknown = 0,

    /// <summary>pytest.</summary>
    Pytest,

    /// <summary>Jest.</summary>
    Jest,

    /// <summary>TAP output: node's built-in runner (<c>node --test</c>), tape, tap, or a plain script printing <c>ok</c>/<c>not ok</c> lines.</summary>
    Tap,

    /// <summary><c>go test</c>.</summary>
    GoTest,

    /// <summary>Maven Surefire.</summary>
    Maven,

    /// <summary>Gradle.</summary>
    Gradle,

    /// <summary>RSpec.</summary>
    RSpec,

    /// <summary>Minitest (e.g. through <c>rake test</c>).</summary>
    Minitest,

    /// <summary><c>dotnet test</c>.</summary>
    DotnetTest,
}
