using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Peake.Cluster.Studies;

namespace Peake.Query.Tests.Harness;

/// <summary>
/// Writes a study's journal as <c>StudyActor</c> does — persistence id "study-{uid}", <see cref="InstanceStored"/> tagged
/// "instance", <see cref="StudyOpened"/>, <see cref="StudyRelocated"/> and <see cref="StudyAccessed"/> "study", through the production serializer —
/// so the projection reads real persisted events.
/// </summary>
internal sealed class StudyJournalWriter : ReceivePersistentActor
{
    public StudyJournalWriter(string studyUid)
    {
        PersistenceId = "study-" + studyUid;
        Command<IStudyEvent[]>(events =>
        {
            var replyTo = Sender;
            var journal = events.Select(e => e switch
            {
                InstanceStored => (object)new Tagged(e, [StudyTags.Instance]),
                StudyOpened or StudyRelocated or StudyAccessed => new Tagged(e, [StudyTags.Study]),
                _ => e,
            }).ToList();
            PersistAll(journal, e =>
            {
                if (ReferenceEquals(e, journal[^1]))
                    replyTo.Tell(LastSequenceNr);
            });
        });
    }

    public override string PersistenceId { get; }
}
