using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Peake.Cluster.Location;

namespace Peake.Cluster.Patients;

/// <summary>
/// The sharded, persistent owner of one identifier's assignment (entity type "identifier", id = key). It decides with
/// <see cref="IdentifierState.Process"/>, persists what was decided, applies it, then replies; commands arriving while
/// a write is in flight wait for it, so the first resolve ever processed is the only one that assigns.
/// </summary>
public sealed class IdentifierActor : ReceivePersistentActor
{
    private IdentifierState _state;

    public IdentifierActor(string entityId)
    {
        PersistenceId = PersistenceIdOf(entityId);
        if (!PatientIdentifier.TryParseKey(entityId, out var identifier))
        {
            // Senders build the entity id from a validated PatientIdentifier; anything else is a bug or a forgery.
            Context.GetLogger().Error("Identifier entity id {EntityId} is not an identifier key; stopping", entityId);
            Context.Stop(Self);
            identifier = PatientIdentifier.Create("invalid", "invalid");
        }
        _state = IdentifierState.Unassigned(identifier);

        Recover<IIdentifierEvent>(e => _state = _state.Apply(e));
        Command<IdentifierEnvelope>(envelope => Handle(envelope.Command));
        Command<StopEntity>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }

    /// <summary>The journal's name for an identifier's events (ADR 0018); never changes once written.</summary>
    public static string PersistenceIdOf(string key) => $"{PatientSharding.IdentifierType}-{key}";

    public static Props PropsFor(string entityId) => Props.Create(() => new IdentifierActor(entityId));

    private void Handle(IIdentifierCommand command)
    {
        var decision = _state.Process(command);
        var sender = Sender;
        if (decision.Events.IsEmpty)
        {
            sender.Tell(Reply(decision));
            return;
        }
        PersistAll(decision.Events, e => _state = _state.Apply(e));
        DeferAsync(decision, d => sender.Tell(Reply(d)));
    }

    private IdentifierReply Reply(IdentifierDecision decision) =>
        new(decision.Refusal, _state.Master, _state.HomeSite, decision.Created);
}
