namespace Peake.Cluster.Patients;

/// <summary>
/// Where each person's record lives, by master id: the location directory's "patient" entries. A record is addressed
/// by master id only through this; look-ups by identifier carry the home site in the identifier's assignment.
/// </summary>
public sealed class PatientHomes(
    Func<MasterPatientId, CancellationToken, Task<string?>> homeSiteOf,
    Func<MasterPatientId, string, CancellationToken, Task> record)
{
    public Task<string?> HomeSiteOfAsync(MasterPatientId id, CancellationToken cancellationToken) =>
        homeSiteOf(id, cancellationToken);

    public Task RecordAsync(MasterPatientId id, string site, CancellationToken cancellationToken) =>
        record(id, site, cancellationToken);
}
