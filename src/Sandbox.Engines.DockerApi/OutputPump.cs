using Docker.DotNet;
using Sandbox.Abstractions;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Reads an attached container's multiplexed stdout/stderr into two capped <see cref="OutputCapture"/>s until the
/// stream ends. Past the cap the bytes are read and dropped, so a flood never blocks the workload and never grows
/// host memory: the only buffer is the fixed one below.
/// </summary>
internal sealed class OutputPump
{
    private readonly MultiplexedStream _stream;

    public OutputPump(MultiplexedStream stream, ExecutionRequest request)
    {
        _stream = stream;
        Stdout = new OutputCapture(OutputStream.Stdout, request.Limits.OutputBytes, request.OnOutput);
        Stderr = new OutputCapture(OutputStream.Stderr, request.Limits.OutputBytes, request.OnOutput);
    }

    public OutputCapture Stdout { get; }

    public OutputCapture Stderr { get; }

    /// <summary>Writes <paramref name="input"/> to the container's stdin, then closes it.</summary>
    public async Task WriteStdinAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        const int chunk = 64 * 1024;
        var buffer = new byte[Math.Min(chunk, Math.Max(input.Length, 1))];
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var count = Math.Min(chunk, input.Length - offset);
            input.Slice(offset, count).CopyTo(buffer);
            await _stream.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
        }

        _stream.CloseWrite();
    }

    /// <summary>Pumps until the engine closes the stream (the container's stdio closed, i.e. it exited).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        while (true)
        {
            var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF) break;
            var capture = read.Target == MultiplexedStream.TargetStream.StandardError ? Stderr : Stdout;
            capture.Write(buffer.AsSpan(0, read.Count));
        }

        Stdout.Complete();
        Stderr.Complete();
    }
}
