namespace Peake.Node.Tests.Cluster;

/// <summary>Polls a condition until it holds or a deadline passes; the failure names what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (holds(last))
                    return last;
                lastError = null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                lastError = e;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"not within {within.TotalSeconds:0} s: {what}; last: {(object?)lastError?.Message ?? last}");
    }
}
