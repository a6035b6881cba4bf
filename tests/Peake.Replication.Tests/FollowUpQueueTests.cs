using Peake.Replication.Coordinator;

namespace Peake.Replication.Tests;

public sealed class FollowUpQueueTests
{
    [Fact]
    public void Given_a_full_queue_When_another_ingest_is_catalogued_Then_it_is_refused_and_left_to_the_plan()
    {
        var queue = new FollowUpQueue(capacity: 3);

        var taken = Enumerable.Range(0, 5).Select(i => queue.Enqueue($"h{i}")).ToList();

        Assert.Equal([true, true, true, false, false], taken);
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void Given_a_hash_awaiting_its_copies_When_a_copy_is_reported_Then_it_is_queued_again_once()
    {
        var queue = new FollowUpQueue();
        queue.AwaitCopies("h");

        var first = queue.CopyReported("h");
        var second = queue.CopyReported("h");

        Assert.True(first);
        Assert.False(second);
        Assert.True(queue.TryDequeue(out var hash));
        Assert.Equal("h", hash);
        Assert.Equal(0, queue.AwaitingCopies);
    }

    [Fact]
    public void Given_a_copy_reported_for_a_hash_nobody_awaits_Then_nothing_is_queued()
    {
        var queue = new FollowUpQueue();

        Assert.False(queue.CopyReported("h"));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Given_awaiting_hashes_When_one_is_no_longer_a_follow_up_Then_it_is_forgotten()
    {
        var queue = new FollowUpQueue();
        queue.AwaitCopies("fresh");
        queue.AwaitCopies("old");

        queue.KeepAwaiting(h => h == "fresh");

        Assert.Equal(1, queue.AwaitingCopies);
        Assert.False(queue.CopyReported("old"));
        Assert.True(queue.CopyReported("fresh"));
    }
}
