using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Peake.Cluster.Studies;

namespace Peake.Replication.Tests.Harness;

/// <summary>
/// Stands in for the study actors: persists the real <see cref="InstanceStored"/> events tagged "instance", as
/// <c>StudyActor</c> does, so the coordinator's catalog comes from the real journal query.
/// </summary>
internal sealed class CatalogWriter : ReceivePersistentActor
{
    public CatalogWriter(string id)
    {
        PersistenceId = "test-catalog-" + id;
        Command<InstanceStored>(e =>
        {
            var replyTo = Sender;
            Persist(new Tagged(e, [StudyTags.Instance]), _ => replyTo.Tell(e.Hash));
        });
    }

    public override string PersistenceId { get; }
}
