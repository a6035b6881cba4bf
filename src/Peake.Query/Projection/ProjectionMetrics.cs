using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Peake.Query.Projection;

/// <summary>
/// The projection's instruments (BRIEF6 1.5), on the "Peake.Query" meter for the node's /metrics exporter: events
/// applied per tag and the duration of each batch's transaction. Lag is measured from the database
/// (<see cref="ProjectionLag"/>), not here, so every node reports it whichever holds the singleton.
/// </summary>
internal static class ProjectionMetrics
{
    public const string MeterName = "Peake.Query";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "peake_query_projection_events_total", description: "Journal events applied to the query read model");

    private static readonly Histogram<double> BatchSeconds = Meter.CreateHistogram<double>(
        "peake_query_projection_batch_seconds", unit: "s", description: "Time to apply one batch in its transaction");

    public static void Applied(string tag, int events, TimeSpan elapsed)
    {
        Events.Add(events, new KeyValuePair<string, object?>("tag", tag));
        BatchSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("tag", tag));
    }

    public static long Start() => Stopwatch.GetTimestamp();
}
