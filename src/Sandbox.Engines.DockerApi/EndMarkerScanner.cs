using System.Text;
using Sandbox.Abstractions;
using Sandbox.Toolkit;

namespace Sandbox.Engines.DockerApi;

/// <summary>
/// Finds the line a single-use session's gate writes to one output stream when the command has ended (a marker with a
/// per-run token, then a status): what comes before it is the command's output, the rest of its line is the status,
/// and anything after it (a background process still writing) is dropped. The marker may be split across reads and
/// may follow output that did not end with a newline.
/// </summary>
internal sealed class EndMarkerScanner(byte[] marker, OutputCapture output)
{
    // The status is a few numbers; a longer "status" is cut rather than buffered without bound.
    private const int MaxStatusBytes = 256;

    private readonly MemoryStream _status = new();
    private int _matched;
    private bool _inStatus;

    /// <summary>The text after the marker on its line, once the whole line was read; <c>null</c> until then.</summary>
    public string? Status { get; private set; }

    /// <summary>Feeds one read of the stream; returns whether the marker line is complete.</summary>
    public bool Feed(ReadOnlySpan<byte> data)
    {
        var start = 0;
        var i = 0;
        while (i < data.Length && Status is null)
        {
            var b = data[i];
            if (_inStatus)
            {
                if (b == (byte)'\n') Status = Encoding.UTF8.GetString(_status.GetBuffer(), 0, (int)_status.Length);
                else if (_status.Length < MaxStatusBytes) _status.WriteByte(b);
                start = ++i;
            }
            else if (b == marker[_matched])
            {
                if (_matched == 0) output.Write(data[start..i]);
                start = ++i;
                if (++_matched == marker.Length) _inStatus = true;
            }
            else if (_matched > 0)
            {
                // Not the marker after all: the bytes held back are output, and this byte is looked at afresh.
                output.Write(marker.AsSpan(0, _matched));
                _matched = 0;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (Status is null && _matched == 0 && !_inStatus) output.Write(data[start..]);
        return Status is not null;
    }

    /// <summary>The stream ended without the marker: a partial match held back is output after all.</summary>
    public void Flush()
    {
        if (Status is null && !_inStatus && _matched > 0) output.Write(marker.AsSpan(0, _matched));
        _matched = 0;
    }
}
