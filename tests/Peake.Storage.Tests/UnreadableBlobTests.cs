using System.Collections.Concurrent;

namespace Peake.Storage.Tests;

/// <summary>
/// A latent sector error makes a read fail with EIO rather than return wrong bytes. Linux gives a real EIO for reads of
/// /proc/self/mem at address 0 (never mapped), so a blob whose path is a symbolic link to it reads like a bad sector.
/// </summary>
public sealed class UnreadableBlobTests
{
    private static string MakeUnreadable(TempStore temp, string hash)
    {
        var path = temp.Store.PathOf(hash);
        File.Delete(path);
        File.CreateSymbolicLink(path, "/proc/self/mem");
        return path;
    }

    [Fact]
    public async Task Given_a_blob_failing_with_EIO_When_scrubbed_Then_it_is_reported_quarantined_and_the_pass_goes_on()
    {
        if (!OperatingSystem.IsLinux()) return; // EIO is produced through Linux /proc/self/mem
        using var temp = new TempStore();
        var blobs = new List<BlobInfo>();
        for (var i = 0; i < 4; i++)
        {
            blobs.Add(await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(50_000 + i))));
        }
        var victim = blobs[1];
        MakeUnreadable(temp, victim.Hash);
        var reported = new ConcurrentQueue<string>();

        var pass = await new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 0 })
            .ScrubOnceAsync(hash => { reported.Enqueue(hash); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Equal([victim.Hash], reported);
        Assert.Equal(4, pass.Blobs);
        Assert.False(temp.Store.Exists(victim.Hash));
        Assert.Single(temp.FilesUnder("quarantine"));
        Assert.Equal(blobs.Where(b => b != victim).Select(b => b.Hash).Order(), temp.Store.Inventory().Select(b => b.Hash).Order());
    }

    [Fact]
    public async Task Given_a_store_whose_folders_are_gone_When_scrubbed_Then_the_run_ends_with_the_failure()
    {
        using var temp = new TempStore();
        await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(10_000)));
        Directory.Delete(Path.Combine(temp.Root, "blobs"), recursive: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 0, PassInterval = TimeSpan.FromMilliseconds(10) })
                .RunAsync(_ => ValueTask.CompletedTask, timeout.Token));
    }

    [Fact]
    public async Task Given_a_blob_failing_with_EIO_When_verified_or_read_Then_it_is_reported_like_a_corrupt_one()
    {
        if (!OperatingSystem.IsLinux()) return; // EIO is produced through Linux /proc/self/mem
        using var temp = new TempStore();
        var verified = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(30_000)));
        var read = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(30_001)));
        MakeUnreadable(temp, verified.Hash);
        MakeUnreadable(temp, read.Hash);

        Assert.False(await temp.Store.VerifyAsync(verified.Hash));
        await using (var stream = temp.Store.OpenRead(read.Hash))
        {
            var e = await Assert.ThrowsAsync<BlobCorruptException>(() => stream.CopyToAsync(Stream.Null));
            Assert.Equal(read.Hash, e.Hash);
        }
        Assert.False(temp.Store.Exists(verified.Hash));
        Assert.False(temp.Store.Exists(read.Hash));
        Assert.Equal(2, temp.FilesUnder("quarantine").Length);
    }

    [Fact]
    public async Task Given_a_corrupt_blob_replaced_by_good_bytes_while_it_is_read_When_the_read_ends_Then_only_the_read_file_is_reported_and_the_good_one_stays()
    {
        if (!OperatingSystem.IsLinux()) return; // file identity is compared with fstat/stat on Linux
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(300_000);
        var blob = await temp.Store.WriteAsync(new MemoryStream(bytes));
        TempStore.FlipByte(temp.Store.PathOf(blob.Hash), 250_000);
        var buffer = new byte[1000];

        await using var reader = temp.Store.OpenRead(blob.Hash);
        Assert.Equal(1000, await reader.ReadAsync(buffer));
        // Meanwhile a PUT/fetch/ingest of the same bytes finds the corrupt file, quarantines it and publishes good bytes.
        await temp.Store.WriteAsync(new MemoryStream(bytes));
        Assert.True(await temp.Store.VerifyAsync(blob.Hash));

        await Assert.ThrowsAsync<BlobCorruptException>(() => reader.CopyToAsync(Stream.Null));

        Assert.True(await temp.Store.VerifyAsync(blob.Hash));
        Assert.Single(temp.FilesUnder("quarantine"));
    }
}
