using System.Diagnostics;
using Peake.Replication.Tests.Harness;
using Peake.Storage;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class FollowUpTests
{
    [Fact]
    public async Task Given_a_slow_tick_When_many_new_ingests_are_catalogued_Then_their_third_copies_start_as_follow_up_slots_free_not_one_batch_per_tick()
    {
        // Two follow-up slots and a 5 s tick: planned only on ticks, 16 third copies took 10 s here (1 s when started as
        // slots free).
        var settings = ReplicationCluster.Fast() with { Tick = TimeSpan.FromSeconds(5), FollowUpConcurrency = 2 };
        await using var cluster = new ReplicationCluster(settings);
        var nodes = await cluster.StartAsync("north", "north", "middle");
        var writer = nodes[0];
        // The first ingest waits for the coordinator to be ready (catalog caught up, every inventory read).
        await cluster.CopiesSettledAsync(await IngestAsync(cluster, writer), 3);

        var clock = Stopwatch.StartNew();
        var blobs = new List<BlobInfo>();
        for (var i = 0; i < 16; i++)
            blobs.Add(await IngestAsync(cluster, writer));
        foreach (var blob in blobs)
            await cluster.CopiesSettledAsync(blob, 3);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"16 ingests and their third copies took {clock.Elapsed}");
    }

    // As the gateway does: durable locally, quorum of two, then the catalog event.
    private static async Task<BlobInfo> IngestAsync(ReplicationCluster cluster, ReplicationNode writer)
    {
        var blob = await writer.Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(100_000)));
        await writer.Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);
        await cluster.CatalogueAsync(blob, "north");
        return blob;
    }
}
