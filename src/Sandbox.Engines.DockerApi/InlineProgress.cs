namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Reports synchronously. <see cref="Progress{T}"/> posts to the thread pool, so a value (a pull error, a stats
/// sample) could arrive after the call that produced it has returned.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
