using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Peake.Management.Metrics;

/// <summary>
/// GET /metrics for Prometheus (ADR 0034), without the management token: scrapers hold no secrets, and the series
/// carry counts, levels, statuses and route templates, never patients, UIDs or AE titles.
/// </summary>
internal static class MetricsRoutes
{
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder app, MetricsCollector metrics) =>
        app.MapGet(Path, () => Results.Text(metrics.Scrape(), PrometheusText.ContentType));
}
