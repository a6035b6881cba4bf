namespace Peake.Replication.Tests.Harness;

/// <summary>Bounded polling: a condition must become true before a deadline, or the test fails saying which.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? within = null) =>
        await UntilAsync(() => Task.FromResult(condition()), what, within);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Deadline);
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or Akka.Actor.AskTimeoutException)
            {
                // The singleton is starting or handing over: ask again until the deadline.
            }
            if (timeout.IsCancellationRequested)
                Assert.Fail($"Not true within the deadline: {what}.");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
