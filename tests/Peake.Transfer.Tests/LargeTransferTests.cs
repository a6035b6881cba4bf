using System.Security.Cryptography;
using Peake.Storage;

namespace Peake.Transfer.Tests;

[CollectionDefinition(nameof(LargeTransfers), DisableParallelization = true)]
public sealed class LargeTransfers;

/// <summary>
/// Allocation is measured process-wide, so these run alone: nothing else in the assembly allocates meanwhile.
/// </summary>
[Collection(nameof(LargeTransfers))]
public sealed class LargeTransferTests
{
    private const int Megabyte = 1 << 20;

    [Fact]
    public async Task Should_stream_a_200_MB_blob_both_ways_without_buffering_it()
    {
        await using var source = await TransferNode.StartAsync();
        await using var middle = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var blob = await WriteRandomAsync(source.Store, 200);
        var client = middle.Client();
        // Warm up both paths (connections, JIT, pools) so the measurement sees the steady state of a transfer.
        var small = await source.AddAsync(Bytes.Random(100_000));
        await client.FetchAsync(source.BaseUri, small.Hash, middle.Store, CancellationToken.None);
        await client.PushAsync(target.BaseUri, middle.Store, small.Hash, CancellationToken.None);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var fetched = await client.FetchAsync(source.BaseUri, blob.Hash, middle.Store, CancellationToken.None);
        await client.PushAsync(target.BaseUri, middle.Store, blob.Hash, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(blob, fetched);
        Assert.Equal(blob.Hash, Bytes.Sha256OfFile(target.PathOf(blob.Hash)));
        Assert.Contains(blob, target.StoredEvents);
        // 400 MB moved (and 800 MB through the two servers and the client): buffering even one blob would allocate
        // 200 MB; streaming allocates a few chunk buffers and per-request objects.
        Assert.True(allocated < 32L * Megabyte, $"moving 2 x 200 MB allocated {allocated / Megabyte} MB");
    }

    private static async Task<BlobInfo> WriteRandomAsync(BlobStore store, int megabytes)
    {
        var chunk = new byte[Megabyte];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var pending = store.BeginWrite((long)megabytes * Megabyte);
        for (var i = 0; i < megabytes; i++)
        {
            Random.Shared.NextBytes(chunk);
            sha.AppendData(chunk);
            pending.Write(chunk);
        }
        var blob = await pending.CommitAsync(Convert.ToHexStringLower(sha.GetHashAndReset()));
        Assert.Equal((long)megabytes * Megabyte, blob.Size);
        return blob;
    }
}
