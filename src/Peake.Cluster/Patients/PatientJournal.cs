using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Peake.Cluster.Patients;

/// <summary>Reads a person's home site from the journal itself: the authority when the directory has no entry.</summary>
internal static class PatientJournal
{
    // One materializer per ActorSystem: each one is an actor, and this runs on every directory miss.
    private static readonly ConditionalWeakTable<ActorSystem, IMaterializer> Materializers = new();

    public static async Task<string?> HomeSiteAsync(ActorSystem system, MasterPatientId id, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = Materializers.GetValue(system, s => s.Materializer());
        string? home = null;
        var (killSwitch, done) = journal.CurrentEventsByPersistenceId(PatientActor.PersistenceIdOf(id.Value), 0, long.MaxValue)
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<EventEnvelope>(e => home = e.Event switch
            {
                PatientRegistered registered => registered.HomeSite,
                HomeSiteChanged changed => changed.To,
                _ => home,
            }), Keep.Both)
            .Run(materializer);
        // A caller that gives up stops the query too, instead of leaving it reading the journal.
        await using var stop = ct.Register(() => killSwitch.Abort(new OperationCanceledException(ct)));
        await done;
        return home;
    }
}
