using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Chaos;

/// <summary>
/// Polls GET /ready of some nodes every half second until disposed and keeps every answer that was not 200 (or no
/// answer at all), with when it happened: a node that flaps during an outage shows up here.
/// </summary>
internal sealed class ReadyWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly Task _polling;
    private int _polls;

    public ReadyWatch(IReadOnlyList<NodeProcess> nodes) => _polling = Task.Run(() => PollAsync(nodes));

    public int Polls => _polls;

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
                return [.. _failures];
        }
    }

    /// <summary>Polled often enough to have seen a flap, and every answer was 200.</summary>
    public void AssertStayedReady()
    {
        Assert.True(Polls > 10, $"/ready was polled only {Polls} times");
        Assert.Empty(Failures);
    }

    private async Task PollAsync(IReadOnlyList<NodeProcess> nodes)
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.WhenAll(nodes.Select(CheckAsync));
            Interlocked.Increment(ref _polls);
            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(NodeProcess node)
    {
        string? failure;
        try
        {
            var (status, body) = await node.ReadyAsync();
            failure = status == 200 ? null : $"{status} {body?.Reason}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            failure = $"no answer: {e.Message}";
        }
        if (failure is not null)
        {
            lock (_failures)
                _failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {node.Site} {node.Address}: {failure}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }
}
