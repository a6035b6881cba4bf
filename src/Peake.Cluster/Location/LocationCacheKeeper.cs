using Akka.Actor;
using Akka.DistributedData;

namespace Peake.Cluster.Location;

/// <summary>Subscribes to a type's directory keys and copies every change into the directory's synchronous cache.</summary>
internal sealed class LocationCacheKeeper : ReceiveActor
{
    internal sealed record WatchType(string Type);

    public LocationCacheKeeper(LocationDirectory directory)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        Receive<WatchType>(watch =>
        {
            for (var bucket = 0; bucket < LocationDirectory.BucketsPerType; bucket++)
            {
                var key = LocationDirectory.KeyFor(watch.Type, bucket);
                types[key.Id] = watch.Type;
                directory.Replicator.Tell(Dsl.Subscribe(key, Self));
            }
        });
        Receive<Changed>(changed =>
        {
            if (types.TryGetValue(changed.Key.Id, out var type) && changed.Data is LWWDictionary<string, string> entries)
                directory.Refresh(type, entries);
        });
    }
}
