using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Location;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Studies;

/// <summary>Starts the "study" shard region: site-affine shards, the site-aware strategy, the directory for StartEntity.</summary>
public static class StudySharding
{
    public const string TypeName = "study";

    public static Task<IActorRef> StartAsync(ActorSystem system, SiteMap sites, int bucketsPerSite)
    {
        var sharding = ClusterSharding.Get(system);
        return sharding.StartAsync(
            TypeName,
            StudyActor.PropsFor,
            ClusterShardingSettings.Create(system),
            new SiteAffineMessageExtractor(bucketsPerSite, LocationDirectory.Get(system).ResolverFor(TypeName)),
            new SiteAwareAllocationStrategy(sites),
            StopEntity.Instance);
    }
}
