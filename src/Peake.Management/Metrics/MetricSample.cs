namespace Peake.Management.Metrics;

/// <summary>One line of the exposition: the family name plus <paramref name="Suffix"/>, its labels and its value.</summary>
internal readonly record struct MetricSample(string Suffix, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);
