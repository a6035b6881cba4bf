namespace Peake.Storage.Tests;

/// <summary>A write of unknown size (chunked PUT, C-STORE) must stop when the disk falls below the reserve while it grows.</summary>
public sealed class GrowingWriteSpaceTests
{
    [Fact]
    public async Task Given_a_write_of_unknown_size_When_the_disk_falls_below_the_reserve_meanwhile_Then_it_is_refused_and_nothing_is_left()
    {
        var root = Directory.CreateTempSubdirectory("peake-blobs-").FullName;
        try
        {
            long available = 10L << 30;
            var store = BlobStore.Open(new BlobStoreOptions(root) { ReserveBytes = 1L << 30, AvailableBytes = () => Interlocked.Read(ref available) });
            var chunk = TempStore.RandomBytes(1 << 20);
            var pending = store.BeginWrite();
            for (var i = 0; i < 4; i++)
            {
                pending.Write(chunk);
            }
            // Other writers (or the journal) took the disk down to below the reserve.
            Interlocked.Exchange(ref available, 512L << 20);

            var refused = Assert.Throws<InsufficientStorageException>(() =>
            {
                for (var i = 0; i < 64; i++)
                {
                    pending.Write(chunk);
                }
            });
            await pending.DisposeAsync();

            Assert.True(pending.Length <= PendingBlob.SpaceCheckEvery + chunk.Length, $"{pending.Length} bytes written past the check");
            Assert.Equal(1L << 30, refused.Needed);
            Assert.Empty(Directory.GetFiles(Path.Combine(root, "tmp")));
            Assert.Empty(store.Inventory());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
