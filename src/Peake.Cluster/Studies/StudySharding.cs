using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Location;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Studies;

/// <summary>
/// Starts the "study" shard region (site-affine shards, the site-aware strategy, the directory for StartEntity) and the
/// node's <see cref="StudyAccessRecorder"/> in front of it.
/// </summary>
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

    /// <summary>
    /// The node's recorder: a study is addressed at the home site this node's location directory replica names, else at
    /// <paramref name="ownSite"/>, whose incarnation replays the journal and forwards to the owner (ADR 0019).
    /// </summary>
    public static IActorRef StartAccessRecorder(ActorSystem system, IActorRef studies, string ownSite, StudyAccessSettings settings)
    {
        var directory = LocationDirectory.Get(system);
        var props = StudyAccessRecorder.PropsFor(studies, uid => directory.CachedHomeSiteOf(TypeName, uid) ?? ownSite, settings);
        return system.ActorOf(props, StudyAccessRecorder.Name);
    }
}
