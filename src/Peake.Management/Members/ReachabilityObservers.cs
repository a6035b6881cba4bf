using System.Collections;
using System.Reflection;
using Akka.Cluster;

namespace Peake.Management.Members;

/// <summary>
/// Who flagged an unreachable member. Akka.NET 1.5.74 keeps the gossiped observer records (<c>Reachability</c>)
/// internal, and no public event carries observers, so they are read by reflection from the cluster's read view;
/// should an Akka upgrade rename them, this node answers with what its own failure detector sees instead (itself,
/// when it cannot hear the member), rather than failing the route. The process tests pin the reflected path.
/// </summary>
internal static class ReachabilityObservers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static Func<Member, IReadOnlyList<string>> Of(Akka.Cluster.Cluster cluster)
    {
        var records = GossipedRecords(cluster);
        if (records is null)
            return m => cluster.FailureDetector.IsAvailable(m.Address) ? [] : [cluster.SelfAddress.ToString()];
        return m => [.. records
            .Where(r => r.Subject.Equals(m.UniqueAddress) && r.Status != "Reachable")
            .Select(r => r.Observer.Address.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    internal static List<(UniqueAddress Observer, UniqueAddress Subject, string Status)>? GossipedRecords(Akka.Cluster.Cluster cluster)
    {
        var readView = typeof(Akka.Cluster.Cluster).GetProperty("ReadView", Instance)?.GetValue(cluster);
        var reachability = readView?.GetType().GetProperty("Reachability", Instance)?.GetValue(readView);
        if (reachability?.GetType().GetProperty("Records", Instance)?.GetValue(reachability) is not IEnumerable records)
            return null;
        var result = new List<(UniqueAddress, UniqueAddress, string)>();
        foreach (var record in records)
        {
            var type = record.GetType();
            if (type.GetProperty("Observer", Instance)?.GetValue(record) is not UniqueAddress observer
                || type.GetProperty("Subject", Instance)?.GetValue(record) is not UniqueAddress subject)
            {
                return null;
            }
            result.Add((observer, subject, type.GetProperty("Status", Instance)?.GetValue(record)?.ToString() ?? ""));
        }
        return result;
    }
}
