using Akka.Actor;
using Peake.Cluster.Location;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;
using Peake.Management.Entities;

namespace Peake.Node.Sharding;

/// <summary>
/// Where GET /entities/{type}/{id} looks for an entity's home site without <c>?site=</c>: an identifier's home is a
/// function of the identifier; a person's comes from the location directory, then the journal; anything else from
/// the directory.
/// </summary>
internal static class EntityHomes
{
    public static HomeSiteResolver For(ActorSystem system, SiteMap sites)
    {
        var patients = PatientHomes.From(system);
        var directory = LocationDirectory.Get(system);
        return (type, id, ct) => type switch
        {
            PatientSharding.IdentifierType => Task.FromResult(
                PatientIdentifier.TryParseKey(id, out var identifier) ? IdentifierHome.SiteFor(identifier, sites) : null),
            PatientSharding.PatientType => MasterPatientId.TryParse(id, out var master)
                ? patients.HomeSiteOfAsync(master, ct)
                : Task.FromResult<string?>(null),
            _ => directory.HomeSiteOfAsync(type, id, ct),
        };
    }
}
