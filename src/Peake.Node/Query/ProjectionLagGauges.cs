using System.Data.Common;
using System.Diagnostics.Metrics;
using Peake.Query.Projection;
using Peake.Query.Schema;

namespace Peake.Node.Query;

/// <summary>
/// The read model's lag as /metrics gauges (BRIEF6 1.5, ADR 0034): <c>peake_query_projection_lag_events</c> and
/// <c>peake_query_projection_lag_seconds</c>, measured from the shared database like /ready's check, so every node
/// reports it wherever the projection runs. Read when scraped, at most once per <see cref="CacheFor"/> (both gauges of
/// one scrape share a measurement, and many scrapers cannot hammer the database). A lag that cannot be measured has no
/// sample: "unknown", with the reason in /ready, rather than a 0 that would look healthy.
/// </summary>
internal sealed class ProjectionLagGauges : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    // A scrape waits for the measurement: bounded, so a hung database costs a scrape this long and no more.
    private static readonly TimeSpan MeasureTimeout = TimeSpan.FromSeconds(5);

    private readonly ReadModelDatabase _database;
    private readonly TimeProvider _time;
    private readonly Meter _meter = new("Peake.Query");
    private readonly Lock _gate = new();
    private ProjectionLag? _last;
    private DateTimeOffset? _measuredAt;

    public ProjectionLagGauges(ReadModelDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _meter.CreateObservableGauge(
            "peake_query_projection_lag_events",
            () => Current() is { } lag ? [new Measurement<long>(lag.Events)] : Array.Empty<Measurement<long>>(),
            description: "Catalog events tagged 'instance' not yet applied to the query read model");
        _meter.CreateObservableGauge(
            "peake_query_projection_lag_seconds",
            () => Current() is { } lag ? [new Measurement<double>(lag.Age.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Age of the oldest catalog event not yet applied to the query read model (0 when caught up)");
    }

    public void Dispose() => _meter.Dispose();

    // Observable callbacks are synchronous: the measurement is awaited here, once per CacheFor (no synchronization
    // context in the host, and MeasureAsync never resumes on the caller's).
    private ProjectionLag? Current()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_measuredAt is { } at && now - at < CacheFor)
                return _last;
            try
            {
                using var timeout = new CancellationTokenSource(MeasureTimeout);
                _last = ProjectionLag.MeasureAsync(_database, _time, timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or IOException or TimeoutException or OperationCanceledException)
            {
                _last = null;
            }

            _measuredAt = now;
            return _last;
        }
    }
}
