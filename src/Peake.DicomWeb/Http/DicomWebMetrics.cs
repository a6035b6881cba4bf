using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Peake.DicomWeb.Http;

/// <summary>
/// DICOMweb requests on the "Peake.DicomWeb" meter (exported by the node's /metrics): by method, route template (never
/// the path itself, whose UIDs would make a series per study) and HTTP status.
/// </summary>
internal static class DicomWebMetrics
{
    public const string MeterName = "Peake.DicomWeb";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "peake_dicomweb_requests_total", description: "DICOMweb requests by method, route template and HTTP status");

    public static void Answered(HttpContext context, int status) => Requests.Add(
        1,
        new KeyValuePair<string, object?>("method", context.Request.Method),
        new KeyValuePair<string, object?>("route", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched"),
        new KeyValuePair<string, object?>("status", status.ToString(CultureInfo.InvariantCulture)));
}
