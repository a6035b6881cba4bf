using System.Collections.Concurrent;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

public sealed class DirectorySyncGroupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Callers_arriving_during_a_flush_share_the_next_one_and_each_returns_after_a_flush_that_began_after_its_call()
    {
        const int Callers = 8;
        var called = new ConcurrentDictionary<int, bool>();
        var flushes = new ConcurrentQueue<int[]>(); // what each flush covered: the callers that had called when it began
        using var firstFlushHolds = new ManualResetEventSlim();
        var group = new DirectorySyncGroup("unused", _ =>
        {
            var covered = called.Keys.ToArray();
            if (flushes.IsEmpty)
            {
                firstFlushHolds.Wait(Deadline);
            }
            flushes.Enqueue(covered);
        });

        Task Caller(int id) => Task.Factory.StartNew(
            () =>
            {
                called[id] = true; // the caller's rename happened before its call
                group.Flush();
                Assert.Contains(flushes, covered => covered.Contains(id));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var first = Caller(0);
        await Eventually.TrueAsync(() => called.ContainsKey(0) && flushes.IsEmpty, Deadline);
        var rest = Enumerable.Range(1, Callers).Select(Caller).ToArray();
        await Eventually.TrueAsync(() => group.Waiting == Callers, Deadline);
        firstFlushHolds.Set();
        await Task.WhenAll([first, .. rest]).WaitAsync(Deadline);

        // One flush for the first caller, one for the eight that waited behind it.
        Assert.Equal(2, flushes.Count);
        Assert.Equal(Callers, flushes.Last().Length - 1);
    }

    [Fact]
    public async Task A_failed_flush_fails_every_caller_it_covered_and_the_next_caller_flushes_again()
    {
        var flushes = 0;
        using var firstFlushHolds = new ManualResetEventSlim();
        var group = new DirectorySyncGroup("unused", _ =>
        {
            var flush = Interlocked.Increment(ref flushes);
            if (flush == 1)
            {
                firstFlushHolds.Wait(Deadline);
            }
            if (flush == 2)
            {
                throw new IOException("disk gone");
            }
        });

        var first = Task.Run(group.Flush);
        await Eventually.TrueAsync(() => Volatile.Read(ref flushes) == 1, Deadline);
        var covered = new[] { Task.Run(group.Flush), Task.Run(group.Flush) };
        await Eventually.TrueAsync(() => group.Waiting == 2, Deadline);
        firstFlushHolds.Set();

        await first.WaitAsync(Deadline);
        foreach (var caller in covered)
        {
            await Assert.ThrowsAsync<IOException>(() => caller.WaitAsync(Deadline));
        }
        Assert.Equal(2, Volatile.Read(ref flushes));

        group.Flush();
        Assert.Equal(3, Volatile.Read(ref flushes));
    }
}
