using Peake.Replication;

namespace Peake.Management.Replication;

/// <summary>
/// This node's replication (directory, replica, coordinator proxy, quorum writer) once the host has started it, after
/// the shard regions. Routes that need it answer 503 until then; the DICOM gateway and the scrubber wait for
/// <see cref="Started"/>. A failed start fails <see cref="Started"/> too, so those waiters end instead of hanging.
/// </summary>
public sealed class ReplicationSource
{
    private readonly TaskCompletionSource<ReplicationHandles> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReplicationHandles? Current => _started.Task.IsCompletedSuccessfully ? _started.Task.Result : null;

    public Task<ReplicationHandles> Started => _started.Task;

    public void Start(ReplicationHandles handles) => _started.TrySetResult(handles);

    public void Fail(Exception error) => _started.TrySetException(error);
}
