using Akka.Actor;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Management.Patients;
using Peake.Management.Sharding;

namespace Peake.Node.Sharding;

/// <summary>
/// Starts this node's shard regions (the master person index's "identifier" and "patient", and "study"), each with
/// the site-affine extractor and the site-aware allocation strategy, records them in <see cref="ShardRegions"/> for
/// /ready and the shard and entity routes, and hands the index to the patient routes.
/// </summary>
internal static class ShardingStartup
{
    public static readonly IReadOnlyList<string> Types =
        [PatientSharding.IdentifierType, PatientSharding.PatientType, StudySharding.TypeName];

    public static async Task StartAsync(ActorSystem system, ShardRegions regions, SiteMap sites, PatientIndexSource index)
    {
        var (mpi, identifiers, patients) = await PatientSharding.StartWithRegionsAsync(system, sites, regions.BucketsPerSite);
        regions.Register(PatientSharding.IdentifierType, identifiers);
        regions.Register(PatientSharding.PatientType, patients);
        regions.Register(StudySharding.TypeName, await StudySharding.StartAsync(system, sites, regions.BucketsPerSite));
        index.Started(mpi);
    }
}
