using System.Text;
using Sandbox.Abstractions;

namespace Sandbox.Toolkit;

/// <summary>
/// Captures one output stream with a byte cap: keeps the first <c>limit</c> bytes, drains and discards the rest
/// (so a flooding workload never blocks on a full pipe and host memory stays bounded), and forwards complete
/// lines within the cap to an observer while the command runs.
/// </summary>
public sealed class OutputCapture
{
    // A line longer than this is forwarded in pieces so that the observer's buffer stays bounded too.
    private const int MaxPendingLineBytes = 16 * 1024;

    private readonly OutputStream _stream;
    private readonly long _limit;
    private readonly Action<OutputLine>? _observer;
    private readonly MemoryStream _kept = new();
    private readonly MemoryStream _pendingLine = new();
    private readonly object _gate = new();

    /// <summary>Creates a capture that keeps at most <paramref name="limit"/> bytes.</summary>
    public OutputCapture(OutputStream stream, long limit, Action<OutputLine>? observer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _stream = stream;
        _limit = limit;
        _observer = observer;
    }

    /// <summary>Bytes received in total, including the discarded ones.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Whether more than the cap was received.</summary>
    public bool Truncated => TotalBytes > _limit;

    /// <summary>Appends received bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = (int)Math.Min(Math.Max(_limit - _kept.Length, 0), data.Length);
            TotalBytes += data.Length;
            if (room <= 0) return;
            var kept = data[..room];
            _kept.Write(kept);
            if (_observer is not null) ForwardLines(kept);
        }
    }

    /// <summary>Reads <paramref name="source"/> to its end into this capture.</summary>
    public async Task CopyFromAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            Write(buffer.AsSpan(0, read));
    }

    /// <summary>Forwards a final unterminated line to the observer.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_observer is not null && _pendingLine.Length > 0) Emit();
        }
    }

    /// <summary>The kept bytes decoded as UTF-8.</summary>
    public string GetText()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        }
    }

    private void ForwardLines(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _pendingLine.Write(data);
                if (_pendingLine.Length >= MaxPendingLineBytes) Emit();
                return;
            }

            _pendingLine.Write(data[..newline]);
            Emit();
            data = data[(newline + 1)..];
        }
    }

    private void Emit()
    {
        var length = (int)_pendingLine.Length;
        if (length > 0 && _pendingLine.GetBuffer()[length - 1] == '\r') length--;
        var text = Encoding.UTF8.GetString(_pendingLine.GetBuffer(), 0, length);
        _pendingLine.SetLength(0);
        _observer!(new OutputLine(_stream, text));
    }
}
