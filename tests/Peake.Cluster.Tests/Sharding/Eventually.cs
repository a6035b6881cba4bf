namespace Peake.Cluster.Tests.Sharding;

/// <summary>Bounded polling: a condition must become true before a deadline, or the test fails saying which.</summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TestSiteCluster.Deadline);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
                Assert.Fail($"Not true within the deadline: {what}.");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Retries <paramref name="attempt"/> until it yields a value that <paramref name="accept"/>s, then returns it.</summary>
    public static async Task<T> Value<T>(Func<CancellationToken, Task<T>> attempt, Func<T, bool> accept, string what, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TestSiteCluster.Deadline);
        T? last = default;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                last = await attempt(timeout.Token);
                if (accept(last))
                    return last;
            }
            catch (Exception e) when (e is TimeoutException or TaskCanceledException or OperationCanceledException
                                          or Akka.Actor.AskTimeoutException)
            {
                // Still starting, handing off or electing: try again until the deadline.
            }
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail($"Not true within the deadline: {what} (last: {last}).");
        return last!;
    }
}
