using Peake.Management.Replication;

namespace Peake.Management.Health;

/// <summary>A node takes no DICOM and places no copies before replication runs: not ready until then.</summary>
internal sealed class ReplicationStartedCheck(ReplicationSource replication) : IReadyCheck
{
    public string Name => "replication";

    public Task<string?> FailureAsync(CancellationToken cancellationToken) => Task.FromResult(replication.Started switch
    {
        { IsCompletedSuccessfully: true } => null,
        { IsFaulted: true } t => $"replication failed to start: {t.Exception?.InnerException?.Message}",
        _ => "replication has not started yet",
    });
}
