using Peake.Management.Replication;
using Peake.Replication;
using Peake.Replication.Replicas;
using Peake.Storage;

namespace Peake.Node.Storage;

/// <summary>
/// Runs the <see cref="BlobScrubber"/> for the node's life once replication has started, so every corrupt blob it
/// finds reaches the replica actor (and through it the coordinator, which repairs from a good copy). When the store
/// itself fails (the disk unmounted, the root unreadable) the scrubber is restarted after a growing pause, up to
/// <see cref="MaxPause"/>: a disk that comes back is scrubbed again without restarting the node, and its latent errors
/// are still found. The node keeps serving meanwhile (its reads verify anyway).
/// </summary>
internal sealed class ScrubberService(BlobScrubber scrubber, ReplicaBlobEvents events, ReplicationSource replication,
    ILogger<ScrubberService> log) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await replication.Started.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (replication.Started.IsFaulted)
        {
            log.LogWarning("The blob scrubber did not start: replication failed to start ({Reason})", e.Message);
            return;
        }
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scrubber.RunAsync(events.OnScrubCorrupt, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogError(e, "The blob scrubber stopped: the store cannot be read; retrying in {Pause}", pause);
            }
            try
            {
                await Task.Delay(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
        }
    }
}
