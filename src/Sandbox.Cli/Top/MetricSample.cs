namespace Sandbox.Cli.Top;

/// <summary>One sample of Prometheus's text format: a series (name and labels) and its value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The value of label <paramref name="label"/>, or the empty string (Prometheus's reading of a missing label).</summary>
    public string Label(string label) => Labels.TryGetValue(label, out var value) ? value : "";
}
