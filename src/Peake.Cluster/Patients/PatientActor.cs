using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Peake.Cluster.Patients;

/// <summary>
/// The sharded, persistent record of one person (entity type "patient", id = master patient id). It decides with
/// <see cref="PatientState.Process"/>, persists the events, applies them, then replies with the record after the
/// command, so every caller sees its own write.
/// </summary>
public sealed class PatientActor : ReceivePersistentActor
{
    public const string TypeName = "patient";

    private PatientState _state;

    public PatientActor(string entityId)
    {
        PersistenceId = PersistenceIdOf(entityId);
        if (!MasterPatientId.TryParse(entityId, out var id))
        {
            Context.GetLogger().Error("Patient entity id {EntityId} is not a master patient id; stopping", entityId);
            Context.Stop(Self);
            id = MasterPatientId.From(Guid.Empty);
        }
        _state = PatientState.Empty(id);

        Recover<IPatientEvent>(e => _state = _state.Apply(e));
        Command<PatientEnvelope>(envelope => Handle(envelope.Command));
    }

    public override string PersistenceId { get; }

    /// <summary>The journal's name for a person's events (ADR 0018); never changes once written.</summary>
    public static string PersistenceIdOf(string masterId) => $"patient-{masterId}";

    public static Props PropsFor(string entityId) => Props.Create(() => new PatientActor(entityId));

    private void Handle(IPatientCommand command)
    {
        var decision = _state.Process(command);
        var sender = Sender;
        if (decision.Events.IsEmpty)
        {
            sender.Tell(new PatientReply(decision.Refusal, PatientRecord.Of(_state)));
            return;
        }
        PersistAll(decision.Events, e => _state = _state.Apply(e));
        DeferAsync(decision, d => sender.Tell(new PatientReply(d.Refusal, PatientRecord.Of(_state))));
    }
}
