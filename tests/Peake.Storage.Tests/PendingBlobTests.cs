namespace Peake.Storage.Tests;

public sealed class PendingBlobTests
{
    [Fact]
    public async Task Should_store_fragments_written_push_style_as_one_blob()
    {
        using var temp = new TempStore();
        var bytes = TempStore.RandomBytes(3 * 1024 * 1024 + 5);

        await using var pending = temp.Store.BeginWrite(bytes.Length);
        // Odd fragment sizes, like PDVs, crossing the early-writeback threshold many times.
        for (var offset = 0; offset < bytes.Length; offset += 16_381)
        {
            pending.Write(bytes.AsSpan(offset, Math.Min(16_381, bytes.Length - offset)));
        }
        Assert.Equal(bytes.Length, pending.Length);
        Assert.Empty(temp.FilesUnder("blobs"));
        var info = await pending.CommitAsync(TempStore.Sha256(bytes));

        Assert.Equal(new BlobInfo(TempStore.Sha256(bytes), bytes.Length), info);
        Assert.Equal(bytes, File.ReadAllBytes(temp.Store.PathOf(info.Hash)));
        Assert.Empty(temp.FilesUnder("tmp"));
        Assert.Equal(info, await pending.CommitAsync());
        Assert.Throws<ObjectDisposedException>(() => pending.Write([1]));
    }

    [Fact]
    public async Task Should_leave_nothing_when_disposed_without_commit()
    {
        using var temp = new TempStore();
        var pending = temp.Store.BeginWrite();
        pending.Write(TempStore.RandomBytes(300_000));
        Assert.Single(temp.FilesUnder("tmp"));

        await pending.DisposeAsync();

        Assert.Empty(temp.FilesUnder("tmp"));
        Assert.Empty(temp.FilesUnder("blobs"));
    }

    [Fact]
    public async Task Should_discard_everything_written_when_the_commit_finds_other_bytes_than_expected()
    {
        using var temp = new TempStore();
        var wanted = TempStore.RandomBytes(70_000);
        var arrived = wanted.ToArray();
        arrived[^1] ^= 1;

        await using (var pending = temp.Store.BeginWrite(wanted.Length))
        {
            pending.Write(arrived.AsSpan(0, 40_000));
            pending.Write(arrived.AsSpan(40_000));
            var error = await Assert.ThrowsAsync<BlobHashMismatchException>(() => pending.CommitAsync(TempStore.Sha256(wanted)));
            Assert.Equal((TempStore.Sha256(wanted), TempStore.Sha256(arrived)), (error.Expected, error.Actual));
            Assert.Empty(temp.FilesUnder("tmp"));
            // A failed commit ends the write: its bytes are gone, so nothing may pretend to continue it.
            await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.CommitAsync());
            Assert.Throws<ObjectDisposedException>(() => pending.Write([1]));
        }

        Assert.Empty(temp.Store.Inventory());
    }

    [Fact]
    public async Task Should_refuse_a_known_size_that_would_not_fit_before_any_byte_arrives()
    {
        using var temp = new TempStore();
        // A reserve a few GB below the free space: small writes fit, a terabyte does not.
        var reserve = new DriveInfo(temp.Root).AvailableFreeSpace - (4L << 30);
        var tight = temp.Reopen(reserveBytes: reserve);

        var error = Assert.Throws<InsufficientStorageException>(() => tight.BeginWrite(expectedSize: 1L << 40));
        Assert.True(error.Needed > error.Available);
        Assert.Empty(temp.FilesUnder("tmp"));

        var fits = tight.BeginWrite(expectedSize: 1024);
        Assert.Single(temp.FilesUnder("tmp"));
        await fits.DisposeAsync();
        Assert.Empty(temp.FilesUnder("tmp"));
    }
}
