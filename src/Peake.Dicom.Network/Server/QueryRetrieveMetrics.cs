using System.Diagnostics.Metrics;
using System.Globalization;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// The Q/R SCP's instruments on the "Peake.Dicom.Network" meter (a host exports them, e.g. the node's /metrics):
/// C-FIND operations by level and final status, those cut at the result limit, and C-GET / C-MOVE sub-operations by
/// outcome. Labels are bounded sets (levels, status codes, outcomes), never UIDs or AE titles.
/// </summary>
internal static class QueryRetrieveMetrics
{
    public const string MeterName = "Peake.Dicom.Network";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Finds = Meter.CreateCounter<long>(
        "peake_query_cfind_total", description: "C-FIND operations by query level and final status (hex)");

    private static readonly Counter<long> LimitReached = Meter.CreateCounter<long>(
        "peake_query_cfind_limit_reached_total", description: "C-FINDs with more matches than the result limit, cut there and ended with A700");

    private static readonly Counter<long> SubOperations = Meter.CreateCounter<long>(
        "peake_query_retrieve_suboperations_total", description: "C-GET / C-MOVE sub-operations by outcome (completed, warning, failed)");

    /// <param name="level">Null when the identifier was refused before its level was known.</param>
    public static void FindEnded(QueryLevel? level, ushort status) => Finds.Add(
        1, new KeyValuePair<string, object?>("level", LevelLabel(level)), new KeyValuePair<string, object?>("status", status.ToString("X4", CultureInfo.InvariantCulture)));

    public static void FindLimitReached(QueryLevel level) => LimitReached.Add(1, new KeyValuePair<string, object?>("level", LevelLabel(level)));

    public static void SubOperation(string operation, string outcome) => SubOperations.Add(
        1, new KeyValuePair<string, object?>("op", operation), new KeyValuePair<string, object?>("outcome", outcome));

    private static string LevelLabel(QueryLevel? level) => level switch
    {
        QueryLevel.Patient => "patient",
        QueryLevel.Study => "study",
        QueryLevel.Series => "series",
        QueryLevel.Image => "image",
        _ => "unknown",
    };
}
