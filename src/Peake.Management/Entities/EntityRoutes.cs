using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Management.Sharding;
using Peake.Management.Shards;

namespace Peake.Management.Entities;

/// <summary>
/// Where a running entity lives: its shard id is computed as the extractor does (home site + bucket), the cluster's
/// shard statistics say which region holds that shard, and that region's state must list the entity. An entity
/// that is not running (never started, passivated) is 404: there is no node hosting it right now.
/// </summary>
internal static class EntityRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/entities/{type}/{id}", async (string type, string id, string? site, HttpContext http,
            ShardRegions regions, SiteMap sites, ActorSystem system, CancellationToken ct) =>
        {
            if (!regions.IsKnownType(type))
                return Results.NotFound(new ErrorResponse($"no sharded type '{type}' (known: {string.Join(", ", regions.ExpectedTypes)})"));
            if (regions.RegionOf(type) is not { } region)
                return Unavailable.Because($"the '{type}' region has not started on this node yet");
            var resolver = http.RequestServices.GetService<HomeSiteResolver>();
            site ??= resolver is null ? null : await resolver(type, id, ct);
            if (site is null)
                return Results.BadRequest(new ErrorResponse($"the home site of {type} '{id}' is unknown here: pass ?site=<name>"));
            if (!sites.TryGet(site, out _))
                return Results.BadRequest(new ErrorResponse($"no site named '{site}'"));

            var shardId = SiteShardId.For(site, id, regions.BucketsPerSite);
            var stats = await ShardStats.Of(region, ct);
            var host = stats.Regions.FirstOrDefault(r => r.Value.Stats.ContainsKey(shardId)).Key;
            if (host is null)
                return Results.NotFound(new ErrorResponse($"shard {shardId} of '{type}' is not allocated: {type} '{id}' is not running"));
            var selection = system.ActorSelection(new RootActorPath(host) / "system" / "sharding" / type);
            var state = await selection.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, ShardStats.Timeout, ct);
            if (!state.Shards.Any(s => s.ShardId == shardId && s.EntityIds.Contains(id)))
                return Results.NotFound(new ErrorResponse($"{type} '{id}' is not running in shard {shardId} on {host}"));
            var member = Akka.Cluster.Cluster.Get(system).State.Members.FirstOrDefault(m => m.Address.Equals(host));
            return Results.Ok(new EntityLocationResponse(type, id, shardId, host.ToString(), member is null ? null : SiteRole.SiteOf(member.Roles)));
        });
    }
}
