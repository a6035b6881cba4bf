namespace Peake.Ingest.Tests.Harness;

/// <summary>Bounded polling: a condition must hold before a deadline, or the test fails saying which.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? within = null)
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
                // Still settling: ask again.
            }
            if (timeout.IsCancellationRequested)
                Assert.Fail($"Not true within the deadline: {what}.");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? within = null) =>
        Until(() => Task.FromResult(condition()), what, within);
}
