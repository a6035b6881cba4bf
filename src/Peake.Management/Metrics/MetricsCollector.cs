using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Peake.Management.Metrics;

/// <summary>
/// Our own small exporter over System.Diagnostics.Metrics (no exporter package): a <see cref="MeterListener"/> on every
/// meter whose name starts with "Peake." (the projection's "Peake.Query", the DIMSE library's "Peake.Dicom.Network",
/// "Peake.DicomWeb", …) aggregates measurements as they happen; <see cref="Scrape"/> also runs the observable
/// instruments' callbacks (gauges read at scrape time, such as the projection's lag) and renders everything as the
/// Prometheus text format. Created with the host, so counts from start-up on are kept.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    public const string MeterPrefix = "Peake.";

    // Prometheus' default buckets (seconds): from 5 ms to 10 s, for histograms whose instrument advises none.
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Func<Meter, bool> _include;
    private readonly Lock _scrape = new();

    /// <param name="include">Which meters to export; default: names starting with <see cref="MeterPrefix"/>.</param>
    public MetricsCollector(Func<Meter, bool>? include = null)
    {
        _include = include ?? (meter => meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal));
        _listener.InstrumentPublished = Publish;
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, state) => Record(i, state, v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, state) => Record(i, state, (double)v, tags));
        _listener.Start();
    }

    /// <summary>Every exported family, observable instruments read now, as Prometheus text (families sorted by name).</summary>
    public string Scrape()
    {
        IEnumerable<MetricSnapshot> snapshots;
        // One scrape at a time: observed families are cleared, refilled by the callbacks, then read.
        lock (_scrape)
        {
            foreach (var family in _families.Values.Where(f => f.Observed))
                family.Clear();
            _listener.RecordObservableInstruments();
            snapshots = _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Snapshot()).ToList();
        }

        return PrometheusText.Write(snapshots);
    }

    public void Dispose() => _listener.Dispose();

    private void Publish(Instrument instrument, MeterListener listener)
    {
        if (!_include(instrument.Meter))
            return;
        var (kind, observed) = instrument switch
        {
            Histogram<long> or Histogram<int> or Histogram<short> or Histogram<byte> or Histogram<double> or Histogram<float> or Histogram<decimal> =>
                (MetricKind.Histogram, false),
            _ when IsGeneric(instrument, typeof(Counter<>)) => (MetricKind.Counter, false),
            _ when IsGeneric(instrument, typeof(ObservableCounter<>)) => (MetricKind.Counter, true),
            _ => (MetricKind.Gauge, instrument.IsObservable),
        };
        var name = PrometheusText.Name(instrument.Name);
        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
            name += "_total";
        // Instruments of the same exported name (two meters of one name, a host restarted in a test) share a family;
        // one of another kind under a taken name would make the exposition invalid, so it is left out.
        var family = _families.GetOrAdd(name, _ => new MetricFamily(name, kind, instrument.Description ?? name, observed, Bounds(instrument)));
        if (family.Kind == kind && family.Observed == observed)
            listener.EnableMeasurementEvents(instrument, new Recording(family, Sets: observed || IsGeneric(instrument, typeof(Gauge<>))));
    }

    private static void Record(Instrument instrument, object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is Recording recording)
            recording.Family.Record(value, tags, recording.Sets);
    }

    private static bool IsGeneric(Instrument instrument, Type definition) =>
        instrument.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == definition;

    private static IReadOnlyList<double> Bounds(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised } => advised.ToArray(),
        Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised } => advised.Select(b => (double)b).ToArray(),
        _ => DefaultBounds,
    };

    /// <summary>Where an instrument's measurements go, and whether each is the current value (set) or a delta (add).</summary>
    private sealed record Recording(MetricFamily Family, bool Sets);
}
