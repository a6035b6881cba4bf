using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Management.Sharding;

namespace Peake.Management.Shards;

internal static class ShardRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster/shards/{type}", async (string type, ShardRegions regions, ActorSystem system, CancellationToken ct) =>
        {
            if (!regions.IsKnownType(type))
                return Results.NotFound(new ErrorResponse($"no sharded type '{type}' (known: {string.Join(", ", regions.ExpectedTypes)})"));
            if (regions.RegionOf(type) is not { } region)
                return Unavailable.Because($"the '{type}' region has not started on this node yet");
            var stats = await ShardStats.Of(region, ct);
            var members = Akka.Cluster.Cluster.Get(system).State.Members.ToDictionary(m => m.Address);
            var dtos = stats.Regions
                .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
                .Select(r => new RegionDto(
                    r.Key.ToString(),
                    members.TryGetValue(r.Key, out var m) ? SiteRole.SiteOf(m.Roles) : null,
                    [.. r.Value.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ShardDto(s.Key, s.Value))]))
                .ToList();
            return Results.Ok(new ShardsResponse(type, dtos));
        });
    }
}
