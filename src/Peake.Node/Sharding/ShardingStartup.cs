using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Management.Sharding;

namespace Peake.Node.Sharding;

/// <summary>
/// Starts one region per entry of <see cref="EntityTypes"/> with the site-affine extractor and the site-aware
/// allocation strategy (Akka.Cluster.Hosting's WithShardRegion takes no strategy, hence StartAsync), and records each
/// in <see cref="ShardRegions"/>, which /ready, the shard routes and (at merge) the patient routes read.
/// </summary>
internal static class ShardingStartup
{
    public static async Task StartAsync(ActorSystem system, ShardRegions regions, SiteMap sites)
    {
        // ClusterSharding.Get before ClusterShardingSettings.Create: the reverse throws with HOCON-only config.
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        foreach (var (type, entity) in EntityTypes.All)
        {
            // StartEntity (remember-entities) carries no site; the location directory answers it once wired:
            // homeSiteOf: id => LocationDirectory.Get(system).CachedHomeSiteOf(type, id).
            var extractor = new SiteAffineMessageExtractor(regions.BucketsPerSite, homeSiteOf: null);
            var region = await sharding.StartAsync(
                type, entity(system), settings, extractor, new SiteAwareAllocationStrategy(sites), PoisonPill.Instance);
            regions.Register(type, region);
        }
    }
}
