using Akka.Actor;
using Peake.Cluster.Location;

namespace Peake.Cluster.Patients;

/// <summary>
/// Where each person's record lives, by master id. A record is addressed by master id only through this; look-ups by
/// identifier carry the home site in the identifier's assignment.
/// </summary>
public sealed class PatientHomes(
    Func<MasterPatientId, CancellationToken, Task<string?>> homeSiteOf,
    Func<MasterPatientId, string, CancellationToken, Task> record)
{
    /// <summary>
    /// The location directory's "patient" entries, and the journal when the directory does not know the id (it lives
    /// in memory: after a full cluster restart it starts empty, while the journal still says where each person
    /// registered). A home found in the journal is put back into the directory.
    /// </summary>
    public static PatientHomes From(ActorSystem system)
    {
        var directory = LocationDirectory.Get(system);
        return new PatientHomes(
            async (id, ct) =>
            {
                var site = await directory.HomeSiteOfAsync(PatientSharding.PatientType, id.Value, ct);
                if (site is not null)
                    return site;
                site = await PatientJournal.HomeSiteAsync(system, id, ct);
                if (site is not null)
                    await RecordAsync(directory, id, site, ct);
                return site;
            },
            (id, site, ct) => RecordAsync(directory, id, site, ct));
    }

    public Task<string?> HomeSiteOfAsync(MasterPatientId id, CancellationToken cancellationToken) =>
        homeSiteOf(id, cancellationToken);

    public Task RecordAsync(MasterPatientId id, string site, CancellationToken cancellationToken) =>
        record(id, site, cancellationToken);

    private static async Task RecordAsync(LocationDirectory directory, MasterPatientId id, string site, CancellationToken ct)
    {
        try
        {
            await directory.RecordAsync(PatientSharding.PatientType, id.Value, site, ct);
        }
        catch (TimeoutException)
        {
            // No majority confirmed in time (a site is cut off): this node holds the entry and gossip spreads it; the
            // journal answers for anyone who asks before that. Registration must not fail because a site is down.
        }
    }
}
