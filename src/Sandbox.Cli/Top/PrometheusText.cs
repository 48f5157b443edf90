using System.Globalization;
using System.Text;

namespace Sandbox.Cli.Top;

/// <summary>
/// Reads Prometheus's text exposition format (what a server's <c>/metrics</c> serves): <c>name{label="value",...} value
/// [timestamp]</c> per line, comments skipped. Lines it cannot read are skipped too: a view must not die of one series.
/// </summary>
internal static class PrometheusText
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryParseLine(line) is { } sample) samples.Add(sample);
        }

        return samples;
    }

    private static MetricSample? TryParseLine(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ', '\t']);
        if (nameEnd <= 0) return null;
        var name = line[..nameEnd];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = nameEnd;
        if (line[position] == '{' && !TryReadLabels(line, ref position, labels)) return null;

        var fields = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !TryParseValue(fields[0], out var value)) return null;
        return new MetricSample(name, labels, value);
    }

    // From the '{' at position to just after the matching '}'; values are quoted with \\, \" and \n escapes.
    private static bool TryReadLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        position++;
        while (position < line.Length)
        {
            if (line[position] == '}')
            {
                position++;
                return true;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"') return false;
            var label = line[position..equals].Trim().TrimStart(',').Trim();
            var value = new StringBuilder();
            var i = equals + 2;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            if (i >= line.Length) return false;
            labels[label] = value.ToString();
            position = i + 1;
            if (position < line.Length && line[position] == ',') position++;
        }

        return false;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
