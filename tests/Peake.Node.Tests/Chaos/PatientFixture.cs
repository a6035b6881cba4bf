using Peake.Cluster.Patients;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;

namespace Peake.Node.Tests.Chaos;

/// <summary>
/// One person per hospital of every site, first seen at that site with an MRN of the hospital's own issuer (its AE
/// title), so the person's record and its identifier both live in shards of that site. MRNs are new per run.
/// </summary>
internal sealed record PatientFixture(string Site, PatientIdentifierDto Identifier, string Name)
{
    public static IReadOnlyList<PatientFixture> OnePerHospital(SiteMap sites)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return
        [
            .. sites.Sites.SelectMany(site => site.Hospitals.Select((h, i) =>
                new PatientFixture(site.Name, new PatientIdentifierDto(h.AeTitle, $"MRN-{run}-{i}"), $"OUTAGE^{site.Name.ToUpperInvariant()}{i}"))),
        ];
    }

    /// <summary>The identifier entity's shard: the identifier's entity key under its site.</summary>
    public string IdentifierShard(int buckets) =>
        SiteShardId.For(Site, PatientIdentifier.Create(Identifier.Issuer, Identifier.PatientId).Key, buckets);

    public static string PatientShard(PatientResponse person, int buckets) =>
        SiteShardId.For(person.HomeSite, person.MasterId, buckets);
}
