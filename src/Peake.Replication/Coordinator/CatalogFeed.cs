using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peake.Cluster.Studies;

namespace Peake.Replication.Coordinator;

/// <summary>
/// Reads the catalog — every stored instance's blob — from the journal's events tagged "instance": first what is
/// there (then <see cref="CatalogCaughtUp"/>), then live from the last offset. Each event becomes a
/// <see cref="Catalogued"/> told to the coordinator, which owns the rest.
/// </summary>
internal static class CatalogFeed
{
    /// <summary>Runs the query from <paramref name="after"/> (exclusive); current (then tells <see cref="CatalogCaughtUp"/>) or live.</summary>
    public static void Run(ActorSystem system, IMaterializer materializer, SharedKillSwitch stop, IActorRef coordinator, long after, bool live,
        Func<string, bool>? drop = null)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var offset = after > 0 ? Offset.Sequence(after) : Offset.NoOffset();
        var source = live ? journal.EventsByTag(StudyTags.Instance, offset) : journal.CurrentEventsByTag(StudyTags.Instance, offset);
        var last = after;
        source
            .Via(stop.Flow<EventEnvelope>())
            .RunForeach(e =>
            {
                if (e.Offset is Sequence s)
                    last = s.Value;
                if (Read(e.Event) is { } item && !(live && drop?.Invoke(item.Hash) == true))
                    coordinator.Tell(new Catalogued(item.Hash, item.Size, item.HomeSite, last));
            }, materializer)
            .ContinueWith(t => coordinator.Tell(t.IsCompletedSuccessfully
                ? live ? new CatalogFeedFailed(last, "the live query ended") : new CatalogCaughtUp(last)
                : new CatalogFeedFailed(last, t.Exception?.GetBaseException().Message ?? "cancelled")), TaskScheduler.Default);
    }

    /// <summary>
    /// Reads the whole catalog afresh from the start of the journal (not from the live feed's offset): the authority
    /// checked before an uncatalogued blob is deleted, and the periodic rebuild that heals events the live feed skipped.
    /// </summary>
    public static async Task<IReadOnlyList<(string Hash, long Size, string HomeSite)>> ScanAsync(ActorSystem system, IMaterializer materializer,
        Func<string, bool>? keep = null)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var found = new List<(string Hash, long Size, string HomeSite)>();
        await journal.CurrentEventsByTag(StudyTags.Instance, Offset.NoOffset())
            .RunForeach(e =>
            {
                if (Read(e.Event) is { } item && keep?.Invoke(item.Hash) != false)
                    found.Add(item);
            }, materializer)
            .ConfigureAwait(false);
        return found;
    }

    /// <summary>The blob an event says is catalogued, or null for events that name none.</summary>
    public static (string Hash, long Size, string HomeSite)? Read(object ev) => ev switch
    {
        InstanceStored stored => (stored.Hash, stored.Size, stored.HomeSite),
        _ => null,
    };
}

internal sealed record Catalogued(string Hash, long Size, string HomeSite, long Offset);

internal sealed record CatalogCaughtUp(long Offset);

internal sealed record CatalogFeedFailed(long Offset, string Reason);
