namespace Peake.Management.Metrics;

/// <summary>The Prometheus metric types our instruments map to (exposition format 0.0.4).</summary>
internal enum MetricKind
{
    /// <summary>Counter, ObservableCounter: only goes up; exported with a <c>_total</c> suffix.</summary>
    Counter,

    /// <summary>Gauge, ObservableGauge, (Observable)UpDownCounter: a value that goes up and down.</summary>
    Gauge,

    /// <summary>Histogram: cumulative buckets, sum and count.</summary>
    Histogram,
}
