using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peake.Cluster.Studies;
using Peake.Query.Schema;

namespace Peake.Query.Projection;

/// <summary>
/// The one writer of the read model (run as the cluster singleton "query-projection"): follows the journal's events
/// tagged "instance" as the replication coordinator's catalog feed does — what is there (current query), then live
/// from the last offset — in batches of at most <see cref="ProjectionSettings.BatchSize"/> events or
/// <see cref="ProjectionSettings.BatchWindow"/>, each applied with its offset in one transaction
/// (<see cref="ReadModelWriter"/>). A failed stream restarts with backoff from the stored offset, never from 0; a
/// singleton moving to another node does the same. Every <see cref="ProjectionSettings.RescanInterval"/> it re-reads
/// the last <see cref="ProjectionSettings.RescanWindow"/> offsets, healing events the live by-tag query skipped
/// (ADR 0026 amendment: orderings committed out of order on PostgreSQL); idempotent upserts make that free of harm.
/// </summary>
public sealed class QueryProjection : ReceiveActor, IWithTimers
{
    public const string SingletonName = "query-projection";

    private readonly ReadModelDatabase _database;
    private readonly ProjectionSettings _settings;
    private readonly ReadModelWriter _writer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SharedKillSwitch? _stream;
    private TimeSpan _backoff;
    private long _offset;

    public QueryProjection(ReadModelDatabase database, ProjectionSettings settings)
    {
        _database = database;
        _settings = settings;
        _writer = new ReadModelWriter(database);
        _backoff = settings.MinBackoff;
        Become(Starting);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(ReadModelDatabase database, ProjectionSettings? settings = null) =>
        Props.Create(() => new QueryProjection(database, settings ?? ProjectionSettings.Default));

    protected override void PreStart() => Self.Tell(Start.Instance);

    protected override void PostStop() => _stream?.Shutdown();

    private void Starting()
    {
        ReceiveAsync<Start>(async _ =>
        {
            try
            {
                await ReadModelSchema.EnsureAsync(_database, CancellationToken.None);
                _offset = await _writer.OffsetAsync(ProjectionSettings.InstanceStream, CancellationToken.None);
                Run(live: false, _offset);
                Become(Running);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                _log.Warning("Query projection cannot start: {0}; retrying in {1}", e.Message, _backoff);
                Timers.StartSingleTimer(Start.Instance, Start.Instance, NextBackoff());
            }
        });
        // Leftovers of the stream that ended: the offset to resume from is re-read from qr_offset anyway.
        Receive<Rescan>(_ => { });
        Receive<Applied>(_ => { });
        Receive<StreamEnded>(_ => { });
        Receive<GetProjectedOffset>(_ => Sender.Tell(new ProjectedOffset(_offset)));
    }

    private void Running()
    {
        Receive<Applied>(a =>
        {
            _offset = Math.Max(_offset, a.Offset);
            _backoff = _settings.MinBackoff;
        });
        Receive<StreamEnded>(ended =>
        {
            if (ended.Failure is null && !ended.Live)
            {
                // Caught up with what was there: follow live from here; rescan now and then (see the class summary).
                Run(live: true, _offset);
                Timers.StartPeriodicTimer(Rescan.Instance, Rescan.Instance, _settings.RescanInterval);
                return;
            }
            if (ended.Rescan)
            {
                if (ended.Failure is not null)
                    _log.Warning("Query projection rescan failed: {0}", ended.Failure);
                return;
            }
            _log.Warning("Query projection stream ended ({0}); restarting from offset {1} in {2}", ended.Failure ?? "live query completed", _offset, _backoff);
            Timers.Cancel(Rescan.Instance);
            Become(Starting);
            Timers.StartSingleTimer(Start.Instance, Start.Instance, NextBackoff());
        });
        Receive<Rescan>(_ => RunRescan(Math.Max(0, _offset - _settings.RescanWindow)));
        Receive<GetProjectedOffset>(_ => Sender.Tell(new ProjectedOffset(_offset)));
    }

    private void Run(bool live, long after)
    {
        _stream?.Shutdown();
        _stream = KillSwitches.Shared("query-projection");
        Materialize(_stream, live, after, rescan: false);
    }

    private void RunRescan(long after) => Materialize(_stream!, live: false, after, rescan: true);

    private void Materialize(SharedKillSwitch stop, bool live, long after, bool rescan)
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var offset = after > 0 ? Offset.Sequence(after) : Offset.NoOffset();
        var source = live ? journal.EventsByTag(StudyTags.Instance, offset) : journal.CurrentEventsByTag(StudyTags.Instance, offset);
        var self = Self;
        var writer = _writer;
        source
            .Via(stop.Flow<EventEnvelope>())
            .Select(e => new ProjectedEvent(e.Offset is Sequence s ? s.Value : 0, e.PersistenceId, e.SequenceNr, e.Event))
            .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
            .SelectAsync(1, async batch =>
            {
                var events = batch.ToList();
                await writer.ApplyAsync(ProjectionSettings.InstanceStream, events, CancellationToken.None).ConfigureAwait(false);
                var last = events.Max(e => e.Offset);
                if (!rescan)
                    self.Tell(new Applied(last, events.Count));
                return last;
            })
            .RunWith(Sink.Ignore<long>(), Context.Materializer())
            .ContinueWith(
                t => self.Tell(new StreamEnded(live, rescan, t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException().Message ?? "cancelled")),
                TaskScheduler.Default);
    }

    private TimeSpan NextBackoff()
    {
        var current = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_settings.MaxBackoff.Ticks, _backoff.Ticks * 2));
        return current;
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private sealed class Rescan
    {
        public static readonly Rescan Instance = new();
    }

    private sealed record Applied(long Offset, int Events);

    private sealed record StreamEnded(bool Live, bool Rescan, string? Failure);
}

/// <summary>Asks a <see cref="QueryProjection"/> for the offset it has applied; answered with <see cref="ProjectedOffset"/>.</summary>
public sealed record GetProjectedOffset
{
    public static readonly GetProjectedOffset Instance = new();
}

public sealed record ProjectedOffset(long Offset);
