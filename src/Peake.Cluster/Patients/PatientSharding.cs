using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Location;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Patients;

/// <summary>
/// Starts the two sharded types of the master person index on a node: "identifier" and "patient", both site-affine
/// (shard <c>{site}:{bucket}</c>, placed by <see cref="SiteAwareAllocationStrategy"/>).
/// </summary>
public static class PatientSharding
{
    /// <summary>Sharded type of the identifier entities (entity id = <see cref="PatientIdentifier.Key"/>).</summary>
    public const string IdentifierType = "identifier";

    /// <summary>Sharded type of the person records (entity id = master patient id).</summary>
    public const string PatientType = "patient";

    /// <summary>
    /// The default shards per site (a node reads <c>peake.sharding.buckets-per-site</c>). Fixed for the life of the
    /// cluster, like the site list: changing it re-homes every entity.
    /// </summary>
    public const int BucketsPerSite = 32;

    /// <summary>Starts both regions on this node and returns the index over them, addressing persons via the directory.</summary>
    public static async Task<MasterPersonIndex> StartIndexAsync(ActorSystem system, SiteMap sites, int bucketsPerSite = BucketsPerSite) =>
        (await StartWithRegionsAsync(system, sites, bucketsPerSite)).Index;

    /// <summary>As <see cref="StartIndexAsync"/>, and the two regions too (the node registers them for its ops routes).</summary>
    public static async Task<(MasterPersonIndex Index, IActorRef Identifiers, IActorRef Patients)> StartWithRegionsAsync(
        ActorSystem system, SiteMap sites, int bucketsPerSite)
    {
        var directory = LocationDirectory.Get(system);
        var (identifiers, patients) = await StartAsync(system, sites, directory.ResolverFor(PatientSharding.PatientType), bucketsPerSite);
        return (new MasterPersonIndex(identifiers, patients, sites, PatientHomes.From(system)), identifiers, patients);
    }

    /// <param name="patientHomeOf">
    /// The home site of a master id from this node's replica of the location directory; used only when Akka restarts
    /// an entity without a message (remember-entities), where no envelope carries the site.
    /// </param>
    public static async Task<(IActorRef Identifiers, IActorRef Patients)> StartAsync(
        ActorSystem system, SiteMap sites, Func<string, string?>? patientHomeOf = null, int bucketsPerSite = BucketsPerSite)
    {
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        var identifiers = await sharding.StartAsync(
            PatientSharding.IdentifierType,
            IdentifierActor.PropsFor,
            settings,
            new SiteAffineMessageExtractor(bucketsPerSite, key => IdentifierHomeOf(key, sites)),
            new SiteAwareAllocationStrategy(sites),
            StopEntity.Instance);
        var patients = await sharding.StartAsync(
            PatientSharding.PatientType,
            PatientActor.PropsFor,
            settings,
            new SiteAffineMessageExtractor(bucketsPerSite, patientHomeOf),
            new SiteAwareAllocationStrategy(sites),
            StopEntity.Instance);
        return (identifiers, patients);
    }

    // An identifier's home depends on the identifier alone, so every node computes it without asking anyone.
    private static string? IdentifierHomeOf(string key, SiteMap sites) =>
        PatientIdentifier.TryParseKey(key, out var identifier) ? IdentifierHome.SiteFor(identifier, sites) : null;
}
