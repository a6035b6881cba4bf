using System.Globalization;
using System.Text;

namespace Peake.Management.Metrics;

/// <summary>
/// What the exporter keeps of one metric family (every instrument of that exported name): per label set, a running sum
/// (counters, up-down counters), the last value (gauges, observed instruments) or histogram buckets. Measurements come
/// from any thread; one lock per family is plenty at our rates (per C-FIND, per projection batch, per scrape).
/// </summary>
internal sealed class MetricFamily(string name, MetricKind kind, string help, bool observed, IReadOnlyList<double> bounds)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    public string Name => name;

    public MetricKind Kind => kind;

    /// <summary>Values come from callbacks at scrape time: each scrape starts from nothing, so a series no longer reported disappears.</summary>
    public bool Observed => observed;

    /// <param name="set">Observed instruments and gauges report the current value (set); the others a delta (add).</param>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, bool set)
    {
        var labels = Labels(tags);
        var key = Key(labels);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
                _series[key] = series = new Series(labels, kind == MetricKind.Histogram ? new long[bounds.Count + 1] : null);
            if (series.Buckets is { } buckets)
            {
                var bucket = 0;
                while (bucket < bounds.Count && value > bounds[bucket])
                    bucket++;
                buckets[bucket]++;
                series.Count++;
                series.Value += value;
            }
            else
            {
                series.Value = set ? value : series.Value + value;
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
            _series.Clear();
    }

    public MetricSnapshot Snapshot()
    {
        var samples = new List<MetricSample>();
        lock (_gate)
        {
            foreach (var (_, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (series.Buckets is not { } buckets)
                {
                    samples.Add(new MetricSample("", series.Labels, series.Value));
                    continue;
                }

                // Prometheus buckets are cumulative: le="x" counts every observation <= x; +Inf equals _count.
                long cumulative = 0;
                for (var i = 0; i < buckets.Length; i++)
                {
                    cumulative += buckets[i];
                    var le = i < bounds.Count ? PrometheusText.Number(bounds[i]) : "+Inf";
                    samples.Add(new MetricSample("_bucket", [.. series.Labels, new("le", le)], cumulative));
                }

                samples.Add(new MetricSample("_sum", series.Labels, series.Value));
                samples.Add(new MetricSample("_count", series.Labels, series.Count));
            }
        }

        return new MetricSnapshot(name, kind, help, samples);
    }

    // Labels sorted by name, so the same set in another order is the same series.
    private static KeyValuePair<string, string>[] Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var text = tags[i].Value switch
            {
                null => "",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? "",
            };
            labels[i] = new(PrometheusText.Name(tags[i].Key), text);
        }

        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return labels;
    }

    private static string Key(KeyValuePair<string, string>[] labels)
    {
        var key = new StringBuilder();
        foreach (var (label, value) in labels)
            key.Append(label).Append('\u0000').Append(value).Append('\u0001');
        return key.ToString();
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, long[]? buckets)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;

        public long[]? Buckets { get; } = buckets;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
