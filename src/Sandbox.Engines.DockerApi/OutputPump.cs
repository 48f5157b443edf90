using Docker.DotNet;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Reads an attached container's (or exec's) multiplexed stdout/stderr into two capped <see cref="OutputCapture"/>s
/// until the stream ends. Past the cap the bytes are read and dropped, so a flood never blocks the workload and never
/// grows host memory: the only buffers are the fixed ones below.
/// </summary>
internal sealed class OutputPump
{
    // The prologue is one short line written by the framework's own wrapper; anything longer is not one.
    private const int MaxPrologueBytes = 256;

    private readonly MultiplexedStream _stream;
    private readonly TaskCompletionSource<string?> _prologue = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EndMarkerScanner? _stdoutEnd;
    private readonly EndMarkerScanner? _stderrEnd;
    private MemoryStream? _pendingPrologue;

    /// <param name="stream">The attached stream.</param>
    /// <param name="limit">Bytes kept per stream.</param>
    /// <param name="onOutput">Receives lines while the command runs.</param>
    /// <param name="stderrPrologue">
    /// Whether the first line of stderr is the framework's own (see <see cref="Prologue"/>): it is taken out of the
    /// output and never forwarded.
    /// </param>
    /// <param name="endMarker">
    /// Where the command's output ends on both streams (see <see cref="EndMarkerScanner"/>): the pump stops at the
    /// marker lines instead of the stream's end. With <paramref name="stderrPrologue"/>, stderr is scanned after the prologue.
    /// </param>
    public OutputPump(MultiplexedStream stream, long limit, Action<OutputLine>? onOutput, bool stderrPrologue = false, string? endMarker = null)
    {
        _stream = stream;
        Stdout = new OutputCapture(OutputStream.Stdout, limit, onOutput);
        Stderr = new OutputCapture(OutputStream.Stderr, limit, onOutput);
        if (stderrPrologue) _pendingPrologue = new MemoryStream();
        else _prologue.SetResult(null);
        if (endMarker is not null)
        {
            var marker = System.Text.Encoding.UTF8.GetBytes(endMarker);
            _stdoutEnd = new EndMarkerScanner(marker, Stdout);
            _stderrEnd = new EndMarkerScanner(marker, Stderr);
        }
    }

    public OutputCapture Stdout { get; }

    public OutputCapture Stderr { get; }

    /// <summary>The first stderr line without its newline, once read; <c>null</c> when none was expected or it never came.</summary>
    public Task<string?> Prologue => _prologue.Task;

    /// <summary>The status on the stderr end-marker line, once both marker lines were read; otherwise <c>null</c>.</summary>
    public string? EndStatus => _stdoutEnd?.Status is not null ? _stderrEnd?.Status : null;

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

    /// <summary>
    /// Delivers <paramref name="input"/> like <see cref="WriteStdinAsync"/>; returns a warning instead of throwing when the
    /// command ended or closed its stdin first (its choice, not a failure). Runs concurrently with the rest of a run.
    /// </summary>
    public async Task<string?> DeliverStdinAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            await WriteStdinAsync(input, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return $"Standard input was not fully delivered: the command ended or closed it first ({ex.GetType().Name}).";
        }
    }

    /// <summary>Pumps until the engine closes the stream (the container's stdio closed, i.e. it exited).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF) break;
                var data = buffer.AsSpan(0, read.Count);
                var ended = read.Target == MultiplexedStream.TargetStream.StandardError ? WriteStderr(data) : Emit(_stdoutEnd, Stdout, data);
                if (ended) break;
            }
        }
        finally
        {
            EndPrologue(null);
            _stdoutEnd?.Flush();
            _stderrEnd?.Flush();
        }

        Stdout.Complete();
        Stderr.Complete();
    }

    // Returns whether both end-marker lines have now been read.
    private bool Emit(EndMarkerScanner? scanner, OutputCapture capture, ReadOnlySpan<byte> data)
    {
        if (scanner is null)
        {
            capture.Write(data);
            return false;
        }

        return scanner.Feed(data) && EndStatus is not null;
    }

    private bool WriteStderr(ReadOnlySpan<byte> data)
    {
        if (_pendingPrologue is { } pending)
        {
            var newline = data.IndexOf((byte)'\n');
            var take = newline < 0 ? data.Length : newline;
            pending.Write(data[..Math.Min(take, MaxPrologueBytes + 1)]);
            if (newline < 0 && pending.Length <= MaxPrologueBytes) return false;
            if (newline >= 0 && pending.Length <= MaxPrologueBytes)
            {
                EndPrologue(System.Text.Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length));
                data = data[(newline + 1)..];
            }
            else
            {
                // Not a prologue after all: what was held back is output.
                EndPrologue(null);
                data = data[Math.Min(take, MaxPrologueBytes + 1)..];
            }
        }

        return Emit(_stderrEnd, Stderr, data);
    }

    // Called with null when the prologue is missing: the bytes held back go to stderr as ordinary output.
    private void EndPrologue(string? line)
    {
        if (_pendingPrologue is not { } pending) return;
        _pendingPrologue = null;
        if (line is null && pending.Length > 0) Stderr.Write(pending.GetBuffer().AsSpan(0, (int)pending.Length));
        _prologue.TrySetResult(line);
    }
}
