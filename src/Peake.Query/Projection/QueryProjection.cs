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
/// tagged "instance" (stored content) and "study" (opened, relocated, accessed) as the replication coordinator's
/// catalog feed does — what is there (current query), then live from the last offset, one stream and one qr_offset
/// row per tag — in batches of at most <see cref="ProjectionSettings.BatchSize"/> events or
/// <see cref="ProjectionSettings.BatchWindow"/>, each applied with its offset in one transaction
/// (<see cref="ReadModelWriter"/>). A failed stream restarts both with backoff from the stored offsets, never from 0; a
/// singleton moving to another node does the same. Every <see cref="ProjectionSettings.RescanInterval"/> it re-reads
/// the last <see cref="ProjectionSettings.RescanWindow"/> offsets, healing events the live by-tag query skipped
/// (ADR 0026 amendment: orderings committed out of order on PostgreSQL); idempotent upserts make that free of harm.
/// </summary>
public sealed class QueryProjection : ReceiveActor, IWithTimers
{
    public const string SingletonName = "query-projection";

    private static readonly string[] Tags = [StudyTags.Instance, StudyTags.Study];

    private readonly ReadModelDatabase _database;
    private readonly ProjectionSettings _settings;
    private readonly ReadModelWriter _writer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private SharedKillSwitch? _streams;
    private TimeSpan _backoff;

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

    protected override void PostStop() => _streams?.Shutdown();

    private void Starting()
    {
        ReceiveAsync<Start>(async _ =>
        {
            try
            {
                await ReadModelSchema.EnsureAsync(_database, CancellationToken.None);
                foreach (var tag in Tags)
                    _offsets[tag] = await _writer.OffsetAsync(tag, CancellationToken.None);
                _streams = KillSwitches.Shared("query-projection");
                foreach (var tag in Tags)
                    Materialize(tag, live: false, _offsets[tag], rescan: false);
                Become(Running);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                _log.Warning("Query projection cannot start: {0}; retrying in {1}", e.Message, _backoff);
                Timers.StartSingleTimer(Start.Instance, Start.Instance, NextBackoff());
            }
        });
        // Leftovers of the streams that ended: the offsets to resume from are re-read from qr_offset anyway.
        Receive<Rescan>(_ => { });
        Receive<Applied>(_ => { });
        Receive<StreamEnded>(_ => { });
        Receive<GetProjectedOffset>(_ => Sender.Tell(new ProjectedOffset(_offsets.GetValueOrDefault(StudyTags.Instance))));
    }

    private void Running()
    {
        Receive<Applied>(a =>
        {
            _offsets[a.Tag] = Math.Max(_offsets.GetValueOrDefault(a.Tag), a.Offset);
            _backoff = _settings.MinBackoff;
        });
        Receive<StreamEnded>(ended =>
        {
            if (ended.Rescan)
            {
                if (ended.Failure is not null)
                    _log.Warning("Query projection rescan of {0} failed: {1}", ended.Tag, ended.Failure);
                return;
            }
            if (ended.Failure is null && !ended.Live)
            {
                // Caught up with what was there: follow live from here; rescan now and then (see the class summary).
                Materialize(ended.Tag, live: true, _offsets[ended.Tag], rescan: false);
                if (!Timers.IsTimerActive(Rescan.Instance))
                    Timers.StartPeriodicTimer(Rescan.Instance, Rescan.Instance, _settings.RescanInterval);
                return;
            }
            _log.Warning("Query projection stream {0} ended ({1}); restarting from the stored offsets in {2}", ended.Tag,
                ended.Failure ?? "live query completed", _backoff);
            _streams?.Shutdown();
            Timers.Cancel(Rescan.Instance);
            Become(Starting);
            Timers.StartSingleTimer(Start.Instance, Start.Instance, NextBackoff());
        });
        Receive<Rescan>(_ =>
        {
            foreach (var tag in Tags)
                Materialize(tag, live: false, Math.Max(0, _offsets[tag] - _settings.RescanWindow), rescan: true);
        });
        Receive<GetProjectedOffset>(_ => Sender.Tell(new ProjectedOffset(_offsets.GetValueOrDefault(StudyTags.Instance))));
    }

    private void Materialize(string tag, bool live, long after, bool rescan)
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var offset = after > 0 ? Offset.Sequence(after) : Offset.NoOffset();
        var source = live ? journal.EventsByTag(tag, offset) : journal.CurrentEventsByTag(tag, offset);
        var self = Self;
        var writer = _writer;
        source
            .Via(_streams!.Flow<EventEnvelope>())
            .Select(e => new ProjectedEvent(e.Offset is Sequence s ? s.Value : 0, e.PersistenceId, e.SequenceNr, e.Event))
            .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
            .SelectAsync(1, async batch =>
            {
                var events = batch.ToList();
                var started = ProjectionMetrics.Start();
                await writer.ApplyAsync(tag, events, CancellationToken.None).ConfigureAwait(false);
                ProjectionMetrics.Applied(tag, events.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                var last = events.Max(e => e.Offset);
                if (!rescan)
                    self.Tell(new Applied(tag, last, events.Count));
                return last;
            })
            .RunWith(Sink.Ignore<long>(), Context.Materializer())
            .ContinueWith(
                t => self.Tell(new StreamEnded(tag, live, rescan, t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException().Message ?? "cancelled")),
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

    private sealed record Applied(string Tag, long Offset, int Events);

    private sealed record StreamEnded(string Tag, bool Live, bool Rescan, string? Failure);
}

/// <summary>Asks a <see cref="QueryProjection"/> for the offset it has applied; answered with <see cref="ProjectedOffset"/>.</summary>
public sealed record GetProjectedOffset
{
    public static readonly GetProjectedOffset Instance = new();
}

public sealed record ProjectedOffset(long Offset);
