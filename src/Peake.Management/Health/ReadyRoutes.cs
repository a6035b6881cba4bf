using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Management.Contracts;

namespace Peake.Management.Health;

internal static class ReadyRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/alive", () => new AliveResponse(true));
        app.MapGet("/ready", async (IEnumerable<IReadyCheck> checks, CancellationToken ct) =>
        {
            var results = new Dictionary<string, string>(StringComparer.Ordinal);
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            string? reason = null;
            foreach (var check in checks)
            {
                var failure = await check.FailureAsync(ct);
                results[check.Name] = failure ?? "ok";
                reason ??= failure is null ? null : $"{check.Name}: {failure}";
                if (check.Detail is { } detail)
                    details[check.Name] = detail;
            }
            var body = new ReadyResponse(reason is null, results, reason, details);
            return Results.Json(body, statusCode: reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
