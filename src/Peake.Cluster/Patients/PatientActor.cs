using Akka.Actor;
using Akka.Event;
using Peake.Cluster.Location;

namespace Peake.Cluster.Patients;

/// <summary>
/// The sharded, persistent record of one person (entity type "patient", id = master patient id). It decides with
/// <see cref="PatientState.Process"/>, persists the events, applies them, then replies with the record after the
/// command, so every caller sees its own write. Ownership, forwarding from a stale site and moves of the home site
/// (<see cref="HomeSiteChanged"/>) come from <see cref="SiteAffinePersistentActor"/> (ADR 0019).
/// </summary>
public sealed class PatientActor : SiteAffinePersistentActor
{
    private PatientState _state;

    public PatientActor(string entityId)
        : base(PatientSharding.PatientType, entityId)
    {
        if (!MasterPatientId.TryParse(entityId, out var id))
        {
            // Senders build the entity id from a MasterPatientId; anything else is a bug or a forgery.
            Context.GetLogger().Error("Patient entity id {EntityId} is not a master patient id; stopping", entityId);
            Context.Stop(Self);
            id = MasterPatientId.From(Guid.Empty);
        }
        _state = PatientState.Empty(id);
    }

    /// <summary>The journal's name for a person's events (ADR 0018); never changes once written.</summary>
    public static string PersistenceIdOf(string masterId) => $"{PatientSharding.PatientType}-{masterId}";

    public static Props PropsFor(string entityId) => Props.Create(() => new PatientActor(entityId));

    protected override string? HomeSite => _state.IsRegistered ? _state.HomeSite : null;

    protected override void OnRecoverEvent(object message)
    {
        if (message is IPatientEvent e)
            _state = _state.Apply(e);
    }

    protected override void OnOwnerCommand(object message)
    {
        if (message is not PatientEnvelope envelope)
        {
            Unhandled(message);
            return;
        }
        var decision = _state.Process(envelope.Command);
        // The reply shows the record after the command: fold the decided events the way Apply will.
        var after = decision.Events.Aggregate(_state, (s, e) => s.Apply(e));
        PersistThenReply(decision.Events, e => _state = _state.Apply(e), Sender,
            new PatientReply(decision.Refusal, PatientRecord.Of(after)));
    }
}
