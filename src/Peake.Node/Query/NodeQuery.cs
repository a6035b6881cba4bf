using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Peake.Query.Projection;
using Peake.Query.Schema;

namespace Peake.Node.Query;

/// <summary>
/// The read model's one writer (ADR 0030): the query projection as a cluster singleton, so one node at a time applies
/// the catalog events to the shared database; a fail-over resumes from the stored offsets.
/// </summary>
internal static class NodeQuery
{
    public const string ProjectionName = "query-projection";

    public static void StartProjection(ActorSystem system, ReadModelDatabase database) =>
        system.ActorOf(
            ClusterSingletonManager.Props(
                QueryProjection.PropsFor(database),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system)),
            ProjectionName);
}
