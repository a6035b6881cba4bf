namespace Peake.Storage.Tests;

public sealed class BlobStoreTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(5 * 1024 * 1024 + 17)]
    public async Task Should_round_trip_bytes_identically(int size)
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(size);

        var info = await temp.Store.WriteAsync(new MemoryStream(bytes));

        Assert.Equal(TempStore.Sha256(bytes), info.Hash);
        Assert.Equal(size, info.Size);
        var expectedPath = Path.Combine(temp.Root, "blobs", info.Hash[..2], info.Hash[2..4], info.Hash);
        Assert.True(File.Exists(expectedPath));
        Assert.True(temp.Store.Exists(info.Hash));
        await using var read = temp.Store.OpenRead(info.Hash);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(temp.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_store_a_stream_of_unknown_length()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(300_000);

        await using var upload = TempStore.Unseekable(bytes);
        Assert.False(upload.CanSeek);
        var info = await temp.Store.WriteAsync(upload);

        Assert.Equal(TempStore.Sha256(bytes), info.Hash);
        Assert.Equal(bytes, File.ReadAllBytes(temp.Store.PathOf(info.Hash)));
    }

    [Fact]
    public async Task Should_write_the_same_bytes_twice_idempotently()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(4096);

        var first = await temp.Store.WriteAsync(new MemoryStream(bytes));
        var before = File.GetLastWriteTimeUtc(temp.Store.PathOf(first.Hash));
        var second = await temp.Store.WriteAsync(new MemoryStream(bytes), first.Hash);

        Assert.Equal(first, second);
        Assert.Equal(before, File.GetLastWriteTimeUtc(temp.Store.PathOf(first.Hash)));
        Assert.Single(temp.Store.Inventory());
        Assert.Empty(temp.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_store_one_blob_when_the_same_bytes_are_written_concurrently()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(1 << 20);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => temp.Store.WriteAsync(new MemoryStream(bytes)))));

        Assert.All(results, r => Assert.Equal(new BlobInfo(TempStore.Sha256(bytes), bytes.Length), r));
        Assert.Single(temp.Store.Inventory());
        Assert.Equal(bytes, File.ReadAllBytes(temp.Store.PathOf(results[0].Hash)));
        Assert.Empty(temp.FilesUnder("tmp"));
        Assert.Empty(temp.FilesUnder("quarantine"));
    }

    [Fact]
    public async Task Should_store_nothing_when_the_expected_hash_does_not_match()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(2048);
        var other = TempStore.Sha256(TempStore.RandomBytes(16));

        var error = await Assert.ThrowsAsync<BlobHashMismatchException>(() => temp.Store.WriteAsync(new MemoryStream(bytes), other));

        Assert.Equal(other, error.Expected);
        Assert.Equal(TempStore.Sha256(bytes), error.Actual);
        Assert.False(temp.Store.Exists(error.Actual));
        Assert.Empty(temp.FilesUnder("blobs"));
        Assert.Empty(temp.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_detect_a_flipped_byte_on_read_and_quarantine_the_blob()
    {
        using var temp = new TempStore();
        var info = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(200_000)));
        TempStore.FlipByte(temp.Store.PathOf(info.Hash), 123_456);

        await using (var read = temp.Store.OpenRead(info.Hash))
        {
            var error = await Assert.ThrowsAsync<BlobCorruptException>(() => read.CopyToAsync(Stream.Null));
            Assert.Equal(info.Hash, error.Hash);
        }

        Assert.False(temp.Store.Exists(info.Hash));
        Assert.Throws<FileNotFoundException>(() => temp.Store.OpenRead(info.Hash));
        Assert.Single(temp.FilesUnder("quarantine"));
        Assert.Empty(temp.Store.Inventory());
    }

    [Fact]
    public async Task Should_detect_a_flipped_byte_on_a_synchronous_read()
    {
        using var temp = new TempStore();
        var info = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(10)));
        TempStore.FlipByte(temp.Store.PathOf(info.Hash), 9);

        using var read = temp.Store.OpenRead(info.Hash);
        Assert.Throws<BlobCorruptException>(() => read.CopyTo(Stream.Null));
        Assert.False(temp.Store.Exists(info.Hash));
    }

    [Fact]
    public async Task Should_verify_an_intact_blob_and_quarantine_a_corrupt_one()
    {
        using var temp = new TempStore();
        var good = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(5000)));
        var bad = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(5000)));
        TempStore.FlipByte(temp.Store.PathOf(bad.Hash), 0);

        Assert.True(await temp.Store.VerifyAsync(good.Hash));
        Assert.False(await temp.Store.VerifyAsync(bad.Hash));

        Assert.False(temp.Store.Exists(bad.Hash));
        Assert.Equal([good], temp.Store.Inventory());
        Assert.Single(temp.FilesUnder("quarantine"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => temp.Store.VerifyAsync(bad.Hash));
    }

    [Fact]
    public async Task Should_replace_a_corrupt_blob_when_its_good_bytes_are_written_again()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(3000);
        var info = await temp.Store.WriteAsync(new MemoryStream(bytes));
        TempStore.FlipByte(temp.Store.PathOf(info.Hash), 42);

        await temp.Store.WriteAsync(new MemoryStream(bytes), info.Hash);

        Assert.Equal(bytes, File.ReadAllBytes(temp.Store.PathOf(info.Hash)));
        Assert.True(await temp.Store.VerifyAsync(info.Hash));
        Assert.Single(temp.FilesUnder("quarantine"));
    }

    [Fact]
    public async Task Should_remove_crash_leftovers_at_open()
    {
        using var temp = new TempStore();
        var kept = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(100)));
        var leftover = Path.Combine(temp.Root, "tmp", "0123456789abcdef.part");
        File.WriteAllBytes(leftover, TempStore.RandomBytes(777));

        var reopened = temp.Reopen();

        Assert.False(File.Exists(leftover));
        Assert.Equal([kept], reopened.Inventory());
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789a")]
    [InlineData("ab/def0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("..cdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public async Task Should_refuse_hostile_hashes_before_touching_the_disk(string hash)
    {
        using var temp = new TempStore();

        Assert.Throws<ArgumentException>(() => temp.Store.Exists(hash));
        Assert.Throws<ArgumentException>(() => temp.Store.OpenRead(hash));
        Assert.Throws<ArgumentException>(() => temp.Store.Delete(hash));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.VerifyAsync(hash));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.WriteAsync(new MemoryStream([1, 2, 3]), hash));
        Assert.Empty(temp.FilesUnder("tmp"));
        Assert.Empty(temp.FilesUnder("blobs"));
    }

    [Fact]
    public async Task Should_refuse_a_write_below_the_reserve_and_store_nothing()
    {
        using var temp = new TempStore();
        var free = new DriveInfo(temp.Root).AvailableFreeSpace;
        var full = temp.Reopen(reserveBytes: free + (1L << 40));
        var bytes = TempStore.RandomBytes(1000);

        var error = await Assert.ThrowsAsync<InsufficientStorageException>(() => full.WriteAsync(new MemoryStream(bytes)));
        await Assert.ThrowsAsync<InsufficientStorageException>(() => full.WriteAsync(TempStore.Unseekable(bytes)));

        Assert.True(error.Available < error.Needed);
        Assert.Empty(temp.FilesUnder("blobs"));
        Assert.Empty(temp.FilesUnder("tmp"));
        Assert.Equal(1000, (await temp.Reopen().WriteAsync(new MemoryStream(bytes))).Size);
    }

    [Fact]
    public async Task Should_refuse_an_upload_of_unknown_length_that_ate_into_the_reserve()
    {
        using var temp = new TempStore();
        // The reserve is just below the free space: the check before the write passes, the one after cannot.
        var reserve = new DriveInfo(temp.Root).AvailableFreeSpace - (1 << 20);
        var tight = temp.Reopen(reserveBytes: reserve);
        var bytes = TempStore.RandomBytes(24 << 20);

        await Assert.ThrowsAsync<InsufficientStorageException>(() => tight.WriteAsync(TempStore.Unseekable(bytes)));

        Assert.Empty(temp.FilesUnder("blobs"));
        Assert.Empty(temp.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_list_the_inventory_and_delete()
    {
        using var temp = new TempStore();
        var a = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(10)));
        var b = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(20)));
        var c = await temp.Store.WriteAsync(new MemoryStream([]));
        File.WriteAllBytes(Path.Combine(temp.Root, "blobs", "stray.txt"), [1]);

        Assert.Equal(new[] { a, b, c }.OrderBy(x => x.Hash), temp.Store.Inventory().OrderBy(x => x.Hash));

        Assert.True(temp.Store.Delete(b.Hash));
        Assert.False(temp.Store.Delete(b.Hash));
        Assert.False(temp.Store.Exists(b.Hash));
        Assert.Equal(new[] { a, c }.OrderBy(x => x.Hash), temp.Store.Inventory().OrderBy(x => x.Hash));
    }
}
