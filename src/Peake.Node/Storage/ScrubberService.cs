using Peake.Management.Replication;
using Peake.Replication;
using Peake.Storage;

namespace Peake.Node.Storage;

/// <summary>
/// Runs the <see cref="BlobScrubber"/> for the node's life once replication has started, so every corrupt blob it
/// finds reaches the replica actor (and through it the coordinator, which repairs from a good copy). A failure of
/// the store's disk ends the scrubber with an error in the log; the node keeps serving (its reads verify anyway).
/// </summary>
internal sealed class ScrubberService(BlobScrubber scrubber, ReplicaBlobEvents events, ReplicationSource replication,
    ILogger<ScrubberService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await replication.Started.WaitAsync(stoppingToken);
            await scrubber.RunAsync(events.OnScrubCorrupt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError(e, "The blob scrubber stopped: the store cannot be read");
        }
        catch (Exception e) when (replication.Started.IsFaulted)
        {
            log.LogWarning("The blob scrubber did not start: replication failed to start ({Reason})", e.Message);
        }
    }
}
