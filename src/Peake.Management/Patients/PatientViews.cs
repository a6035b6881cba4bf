using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Management.Sharding;

namespace Peake.Management.Patients;

/// <summary>
/// Renders a record as the routes answer it, with the node hosting it: the local "patient" region's answer to
/// <see cref="GetEntityLocation"/> (the shard's region, no cluster-wide statistics). That answer needs the location
/// directory's local replica to know the person's home; when it does not yet, or the region is slow, address and
/// site are null rather than the request failing (the record itself was read fine).
/// </summary>
internal sealed class PatientViews(ShardRegions regions, ActorSystem system)
{
    private static readonly TimeSpan LocateTimeout = TimeSpan.FromSeconds(2);

    public async Task<PatientResponse> Of(PatientRecord record, CancellationToken ct)
    {
        var (address, site) = await HostOf(record.MasterId, ct);
        var d = record.Demographics;
        return new PatientResponse(
            record.MasterId.Value,
            record.HomeSite,
            [.. record.Identifiers.Select(i => new PatientIdentifierDto(i.Issuer, i.PatientId))],
            d.Name?.Value,
            d.BirthDate?.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PatientInput.SexCode(d.Sex?.Value),
            record.MergedInto?.Value,
            address,
            site);
    }

    private async Task<(string? Address, string? Site)> HostOf(MasterPatientId id, CancellationToken ct)
    {
        if (regions.RegionOf(PatientSharding.PatientType) is not { } region)
            return (null, null);
        EntityLocation location;
        try
        {
            location = await region.Ask<EntityLocation>(new GetEntityLocation(id.Value, LocateTimeout), LocateTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return (null, null);
        }
        if (string.IsNullOrEmpty(location.ShardId) || location.ShardRegion.Equals(Address.AllSystems))
            return (null, null);
        var cluster = Akka.Cluster.Cluster.Get(system);
        // The local region answers with the local address, which has no host: name this node as the cluster knows it.
        var host = location.ShardRegion.HasLocalScope ? cluster.SelfAddress : location.ShardRegion;
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(host));
        return (host.ToString(), member is null ? null : SiteRole.SiteOf(member.Roles));
    }
}
