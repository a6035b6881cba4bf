using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Peake.Cluster.Studies;

namespace Peake.Query.Tests.Harness;

/// <summary>
/// Writes a study's journal as <c>StudyActor</c> does — persistence id "study-{uid}", <see cref="InstanceStored"/> tagged
/// "instance", through the production serializer — so the projection reads real persisted events.
/// </summary>
internal sealed class StudyJournalWriter : ReceivePersistentActor
{
    public StudyJournalWriter(string studyUid)
    {
        PersistenceId = "study-" + studyUid;
        Command<IStudyEvent[]>(events =>
        {
            var replyTo = Sender;
            var journal = events.Select(e => e is InstanceStored ? (object)new Tagged(e, [StudyTags.Instance]) : e).ToList();
            PersistAll(journal, e =>
            {
                if (ReferenceEquals(e, journal[^1]))
                    replyTo.Tell(LastSequenceNr);
            });
        });
    }

    public override string PersistenceId { get; }
}
