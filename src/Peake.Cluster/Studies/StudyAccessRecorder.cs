using Akka.Actor;
using Akka.Event;

namespace Peake.Cluster.Studies;

/// <summary>
/// One per node: turns the node's retrievals (<see cref="AccessSeen"/>, one per instance read) into access records of
/// their studies (ADR 0033). Reads of the same study by the same hospital are coalesced: every
/// <see cref="StudyAccessSettings.Interval"/> each pair seen since the last flush is sent once, as a
/// <see cref="RecordAccess"/> with the latest time, to the study's home site through the shard region. Fire and forget:
/// the read never waits for it; a refusal is logged, a study unknown to its journal is not created.
/// </summary>
public sealed class StudyAccessRecorder : ReceiveActor, IWithTimers
{
    public const string Name = "study-access-recorder";

    private readonly IActorRef _studies;
    private readonly Func<string, string> _homeSiteOf;
    private readonly StudyAccessSettings _settings;
    private readonly Dictionary<(string Study, string Hospital), AccessSeen> _pending = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public StudyAccessRecorder(IActorRef studies, Func<string, string> homeSiteOf, StudyAccessSettings settings)
    {
        _studies = studies;
        _homeSiteOf = homeSiteOf;
        _settings = settings;
        Receive<AccessSeen>(Seen);
        Receive<FlushNow>(_ => Flush());
        Receive<StudyAck>(ack =>
        {
            if (ack.Refusal == StudyRefusal.NotFound)
                _log.Debug("Access to study {0} not recorded: its journal does not know it", ack.StudyInstanceUid);
            else if (!ack.Accepted)
                _log.Warning("Access to study {0} not recorded: {1}", ack.StudyInstanceUid, ack.Refusal);
        });
        Receive<Status.Failure>(failure => _log.Warning("An access record was not delivered: {0}", failure.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(IActorRef studies, Func<string, string> homeSiteOf, StudyAccessSettings settings) =>
        Props.Create(() => new StudyAccessRecorder(studies, homeSiteOf, settings));

    protected override void PreStart() => Timers.StartPeriodicTimer(FlushNow.Instance, FlushNow.Instance, _settings.Interval);

    // Stopping with the node: what was seen since the last flush is still sent (best effort; the region may be gone).
    protected override void PostStop() => Flush();

    private void Seen(AccessSeen seen)
    {
        var key = (seen.StudyInstanceUid, seen.HospitalAe);
        if (!_pending.TryGetValue(key, out var known) || seen.AtUtc >= known.AtUtc)
            _pending[key] = seen;
        if (_pending.Count >= _settings.MaxPending)
            Flush();
    }

    private void Flush()
    {
        foreach (var seen in _pending.Values)
        {
            _studies.Tell(
                new RecordAccess(_homeSiteOf(seen.StudyInstanceUid), seen.StudyInstanceUid, seen.HospitalAe, seen.Via, seen.AtUtc),
                Self);
        }
        _pending.Clear();
    }

    /// <summary>
    /// <paramref name="HospitalAe"/> read an instance of the study at <paramref name="AtUtc"/> (UTC) through
    /// <paramref name="Via"/>. Local to the node: never crosses the wire.
    /// </summary>
    public sealed record AccessSeen(string StudyInstanceUid, string HospitalAe, string Via, DateTime AtUtc) : INoSerializationVerificationNeeded;

    private sealed class FlushNow
    {
        public static readonly FlushNow Instance = new();
    }
}
