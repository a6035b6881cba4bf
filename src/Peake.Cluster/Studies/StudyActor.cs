using Akka.Actor;
using Akka.Persistence.Journal;
using Peake.Cluster.Location;

namespace Peake.Cluster.Studies;

/// <summary>
/// One study, sharded by Study Instance UID under its home site. Only persists what <see cref="StudyState"/> decides
/// and replies; ownership, forwarding and relocation come from <see cref="SiteAffinePersistentActor"/>.
/// </summary>
internal sealed class StudyActor(string studyInstanceUid) : SiteAffinePersistentActor(StudySharding.TypeName, studyInstanceUid)
{
    private StudyState _state = StudyState.Empty;

    public static Props PropsFor(string studyInstanceUid) => Props.Create(() => new StudyActor(studyInstanceUid));

    protected override string? HomeSite => _state.HomeSite;

    protected override void OnRecoverEvent(object message)
    {
        if (message is IStudyEvent e)
            _state = _state.Apply(e);
    }

    protected override void OnOwnerCommand(object message)
    {
        switch (message)
        {
            case GetStudy:
                Sender.Tell(_state.View(EntityId));
                break;
            case GetStudyInstance get:
                Sender.Tell(_state.Find(EntityId, get.SopInstanceUid));
                break;
            case IStudyCommand command:
                Decide(command);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Decide(IStudyCommand command)
    {
        var decision = _state.Process(command);
        PersistThenReply(
            decision.Events.Select(ToJournal).ToList(), e => _state = _state.Apply(FromJournal(e)), Sender,
            new StudyAck(EntityId, decision.Refusal));
    }

    // The SQL journal stores a Tagged's payload and writes its tags to the tag table; replay yields the bare event,
    // but the persist callback gets back what was persisted, so it unwraps too. Boxed once here, so the base class
    // recognises the last event of the batch by reference.
    private static object ToJournal(IStudyEvent e) => e switch
    {
        InstanceStored => new Tagged(e, [StudyTags.Instance]),
        StudyOpened or StudyRelocated or StudyAccessed => new Tagged(e, [StudyTags.Study]),
        _ => e,
    };

    private static IStudyEvent FromJournal(object persisted) =>
        (IStudyEvent)(persisted is Tagged tagged ? tagged.Payload : persisted);
}
