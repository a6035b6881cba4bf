namespace Peake.Storage.Tests;

public sealed class CapacityAndInventoryTests
{
    [Fact]
    public void Should_report_the_disk_size_and_the_free_space_left_above_the_reserve()
    {
        using var temp = new TempStore();
        var drive = new DriveInfo(temp.Root);
        const long Reserve = 1L << 30;

        var capacity = temp.Reopen(reserveBytes: Reserve).Capacity();

        Assert.Equal(drive.TotalSize, capacity.TotalBytes);
        Assert.InRange(capacity.FreeBytes, 1, capacity.TotalBytes - Reserve);
        // Other writers share the disk, so only a loose upper bound against a fresh reading holds.
        Assert.True(capacity.FreeBytes <= new DriveInfo(temp.Root).AvailableFreeSpace - Reserve + (256L << 20));
        Assert.Equal(0, temp.Reopen(reserveBytes: drive.TotalSize * 2).Capacity().FreeBytes);
    }

    [Fact]
    public async Task Should_list_each_blob_with_its_size_and_write_time()
    {
        using var temp = new TempStore();
        var before = DateTime.UtcNow.AddSeconds(-2);
        var a = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(10)));
        var b = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(70_000)));
        var after = DateTime.UtcNow.AddSeconds(2);
        File.WriteAllBytes(Path.Combine(temp.Root, "blobs", "stray.txt"), [1]);
        File.WriteAllBytes(Path.Combine(temp.Root, "blobs", a.Hash), [1]);

        var listed = temp.Store.InventoryDetailed().OrderBy(x => x.Size).ToList();

        Assert.Equal([(a.Hash, 10L), (b.Hash, 70_000L)], listed.Select(x => (x.Hash, x.Size)));
        Assert.All(listed, x => Assert.InRange(x.WrittenUtc, before, after));
        Assert.All(listed, x => Assert.Equal(DateTimeKind.Utc, x.WrittenUtc.Kind));
    }

    [Fact]
    public async Task Should_find_a_blob_by_hash_or_say_it_is_absent()
    {
        using var temp = new TempStore();
        var info = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(1234)));

        Assert.Equal(info, temp.Store.Find(info.Hash));
        Assert.Null(temp.Store.Find(TempStore.Sha256([1, 2, 3])));
        Assert.Throws<ArgumentException>(() => temp.Store.Find("../../etc/passwd"));
    }
}
