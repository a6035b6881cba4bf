using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Location;

/// <summary>
/// A persistent sharded entity that can change its home site (ADR 0019). Sharding cannot move one entity, so the same
/// entity id may be started in the shard of its old site and of its new one; the journal decides which incarnation
/// writes:
/// <list type="bullet">
/// <item>The owner site is <see cref="HomeSite"/> as recovered from the journal (its first event, or the last move).
/// An incarnation whose shard belongs to another site only forwards: each message is re-addressed to the owner's site
/// through the shard region (sender kept, hop count + 1), and the incarnation passivates, so the next message there
/// starts a fresh one that re-reads the journal instead of trusting an old view.</item>
/// <item>A move is an event the owner persists (the subclass's, through <see cref="PersistThenReply{TEvent}"/>): from
/// then on this incarnation is not the owner; the directory is updated, the requester answered, and the incarnation
/// passivates. Commands that were stashed behind the move are forwarded.</item>
/// <item>An owner that recovers makes sure the directory names its site (a directory write lost before a crash heals).</item>
/// </list>
/// An entity with no event yet belongs to whichever site addresses it first; two sites creating it at the same moment
/// race on sequence number 1 and the journal rejects the loser, which stops and re-recovers as a forwarder.
/// </summary>
public abstract class SiteAffinePersistentActor : UntypedPersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _passivating;
    private bool _relocating;

    protected SiteAffinePersistentActor(string typeName, string entityId)
    {
        TypeName = typeName;
        EntityId = entityId;
        AddressedSite = SiteShardId.SiteOf(Uri.UnescapeDataString(Context.Parent.Path.Name));
    }

    protected string TypeName { get; }

    protected string EntityId { get; }

    /// <summary>The site of the shard this incarnation was started in; null outside sharding (it then always owns).</summary>
    protected string? AddressedSite { get; }

    /// <summary>The entity's home site per the events applied so far; null before its first event.</summary>
    protected abstract string? HomeSite { get; }

    public sealed override string PersistenceId => $"{TypeName}-{EntityId}";

    /// <summary>True when this incarnation may handle commands and write events.</summary>
    protected bool IsOwner => HomeSite is null || AddressedSite is null || HomeSite == AddressedSite;

    /// <summary>A command for this entity, handled by its owner only.</summary>
    protected abstract void OnOwnerCommand(object message);

    /// <summary>A recovered event (or snapshot offer) to apply to the state.</summary>
    protected abstract void OnRecoverEvent(object message);

    protected sealed override void OnRecover(object message)
    {
        if (message is RecoveryCompleted)
        {
            if (IsOwner && HomeSite is { } home && AddressedSite is not null)
                AssertDirectory(home);
            return;
        }
        OnRecoverEvent(message);
    }

    protected sealed override void OnCommand(object message)
    {
        switch (message)
        {
            case StopEntity:
                Context.Stop(Self);
                return;
            case DirectoryWritten written:
                if (written.Error is not null)
                    _log.Warning("Directory entry for {0} {1} → {2} not confirmed: {3}", TypeName, EntityId, written.Site, written.Error.Message);
                written.Then?.Invoke();
                return;
            case Forwarded forwarded:
                // A forwarded message means some node addressed a stale site: make sure the directory names ours, or
                // every later message there replays the journal at the wrong site only to be forwarded again.
                if (IsOwner && HomeSite is { } home && AddressedSite is not null)
                    AssertDirectory(home);
                Handle(forwarded.Unwrap(Context.System), forwarded.Hops);
                return;
            default:
                Handle(message, 0);
                return;
        }
    }

    /// <summary>
    /// Persists <paramref name="events"/> (applying each through <paramref name="apply"/>), then answers
    /// <paramref name="replyTo"/>. Every write of a subclass goes through here, because the home site is read before
    /// and after: the first event of an entity records its site in the directory; an event that moved the home site
    /// away makes this incarnation a forwarder, and the answer waits until the directory names the new site, after
    /// which the incarnation passivates.
    /// </summary>
    protected void PersistThenReply<TEvent>(IReadOnlyList<TEvent> events, Action<TEvent> apply, IActorRef replyTo, object reply)
        where TEvent : class
    {
        if (events.Count == 0)
        {
            replyTo.Tell(reply);
            return;
        }
        var before = HomeSite;
        var last = events[^1];
        PersistAll(events, e =>
        {
            apply(e);
            if (!ReferenceEquals(e, last))
                return;
            if (HomeSite is not { } after || after == before)
            {
                replyTo.Tell(reply);
            }
            else if (before is null)
            {
                WriteDirectory(after, then: null);
                replyTo.Tell(reply);
            }
            else
            {
                _relocating = true;
                WriteDirectory(after, () =>
                {
                    replyTo.Tell(reply);
                    _relocating = false;
                    Passivate();
                });
            }
        });
    }

    private void Handle(object message, int hops)
    {
        if (IsOwner)
        {
            OnOwnerCommand(message);
            return;
        }
        if (hops >= Forwarded.MaxHops)
        {
            _log.Error("{0} {1}: {2} forwarded {3} times, refused", TypeName, EntityId, message.GetType().Name, hops);
            Sender.Tell(new Status.Failure(new RelocationLoopException(
                $"{TypeName} '{EntityId}' was forwarded {hops} times between sites without reaching its owner.")));
            return;
        }
        var home = HomeSite!;
        ClusterSharding.Get(Context.System).ShardRegion(TypeName)
            .Forward(Forwarded.Wrap(Context.System, message, EntityId, home, hops + 1));
        // A relocation in progress passivates once the requester has its answer.
        if (!_relocating)
            Passivate();
    }

    private void AssertDirectory(string home)
    {
        if (LocationDirectory.Get(Context.System).CachedHomeSiteOf(TypeName, EntityId) != home)
            WriteDirectory(home, then: null);
    }

    private void WriteDirectory(string site, Action? then)
    {
        LocationDirectory.Get(Context.System)
            .RecordAsync(TypeName, EntityId, site, CancellationToken.None)
            .ContinueWith(t => new DirectoryWritten(site, t.Exception?.GetBaseException(), then), TaskScheduler.Default)
            .PipeTo(Self);
    }

    // Outside sharding (AddressedSite null) there is no shard to ask: stop directly.
    private void Passivate()
    {
        if (_passivating)
            return;
        _passivating = true;
        if (AddressedSite is null)
            Context.Stop(Self);
        else
            Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    // Local only (it carries a continuation): never serialized, not even under serialize-messages.
    private sealed record DirectoryWritten(string Site, Exception? Error, Action? Then) : INoSerializationVerificationNeeded;
}
