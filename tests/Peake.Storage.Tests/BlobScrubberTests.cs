using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace Peake.Storage.Tests;

public sealed class BlobScrubberTests
{
    [Fact]
    public async Task Should_find_a_flipped_byte_quarantine_the_blob_and_report_it()
    {
        using var temp = new TempStore();
        var blobs = new List<BlobInfo>();
        for (var i = 0; i < 5; i++)
        {
            blobs.Add(await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(100_000 + i))));
        }
        var victim = blobs[3];
        TempStore.FlipByte(temp.Store.PathOf(victim.Hash), 77_777);
        var reported = new ConcurrentQueue<string>();

        var pass = await new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 0 })
            .ScrubOnceAsync(Record(reported), CancellationToken.None);

        Assert.Equal([victim.Hash], reported);
        Assert.Equal([victim.Hash], pass.Corrupt);
        Assert.Equal(5, pass.Blobs);
        Assert.Equal(blobs.Sum(b => b.Size), pass.Bytes);
        Assert.False(temp.Store.Exists(victim.Hash));
        Assert.Single(temp.FilesUnder("quarantine"));
        Assert.Equal(blobs.Where(b => b != victim).Select(b => b.Hash).Order(), temp.Store.Inventory().Select(b => b.Hash).Order());
    }

    [Fact]
    public async Task Should_not_read_faster_than_its_configured_rate()
    {
        using var temp = new TempStore();
        for (var i = 0; i < 3; i++)
        {
            await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(1 << 20)));
        }
        // 3 MB at 2 MB/s cannot take less than 1.5 s whatever the machine's speed: a lower bound, so a slow test
        // machine cannot make this fail, while an unpaced scrubber (milliseconds for 3 MB in the page cache) would.
        var scrubber = new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 2 << 20 });
        var clock = Stopwatch.StartNew();

        var pass = await scrubber.ScrubOnceAsync(_ => ValueTask.CompletedTask, CancellationToken.None);

        clock.Stop();
        Assert.Equal(3L << 20, pass.Bytes);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.45), $"3 MB scrubbed in {clock.Elapsed} at 2 MB/s");
        Assert.True(pass.Elapsed >= TimeSpan.FromSeconds(1.45), $"the pass reports {pass.Elapsed}");
        Assert.Empty(pass.Corrupt);
    }

    [Fact]
    public async Task Should_keep_scrubbing_in_passes_and_find_corruption_that_appears_later()
    {
        using var temp = new TempStore();
        var first = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(50_000)));
        TempStore.FlipByte(temp.Store.PathOf(first.Hash), 1);
        var reports = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource();
        var scrubber = new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 0, PassInterval = TimeSpan.FromMilliseconds(50) });

        var running = scrubber.RunAsync(hash => reports.Writer.WriteAsync(hash), stop.Token);
        Assert.Equal(first.Hash, await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        // Damaged after the first report, so only a later pass can find this one.
        var second = await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(60_000)));
        TempStore.FlipByte(temp.Store.PathOf(second.Hash), 2);

        Assert.Equal(second.Hash, await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(running.IsCompletedSuccessfully);
        Assert.Empty(temp.Store.Inventory());
        Assert.Equal(2, temp.FilesUnder("quarantine").Length);
    }

    [Fact]
    public async Task Should_stop_a_paced_pass_promptly_when_cancelled()
    {
        using var temp = new TempStore();
        await temp.Store.WriteAsync(new MemoryStream(TempStore.RandomBytes(8 << 20)));
        var scrubber = new BlobScrubber(temp.Store, new ScrubOptions { BytesPerSecond = 1 << 20 });
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // 8 MB at 1 MB/s would take 8 s; cancellation must cut the pacing sleeps short.
        var pass = scrubber.ScrubOnceAsync(_ => ValueTask.CompletedTask, stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass.WaitAsync(TimeSpan.FromSeconds(4)));
        Assert.Single(temp.Store.Inventory());
    }

    private static Func<string, ValueTask> Record(ConcurrentQueue<string> reported) => hash =>
    {
        reported.Enqueue(hash);
        return ValueTask.CompletedTask;
    };
}
