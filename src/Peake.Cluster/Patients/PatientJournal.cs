using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Peake.Cluster.Patients;

/// <summary>Reads a person's home site from the journal itself: the authority when the directory has no entry.</summary>
internal static class PatientJournal
{
    public static async Task<string?> HomeSiteAsync(ActorSystem system, MasterPatientId id, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        string? home = null;
        await journal.CurrentEventsByPersistenceId(PatientActor.PersistenceIdOf(id.Value), 0, long.MaxValue)
            .RunForeach(e => home = e.Event switch
            {
                PatientRegistered registered => registered.HomeSite,
                HomeSiteChanged changed => changed.To,
                _ => home,
            }, system.Materializer())
            .WaitAsync(ct);
        return home;
    }
}
