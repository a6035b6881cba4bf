namespace Peake.Dicom.Network.Server;

/// <summary>
/// One incoming instance. <see cref="WriteAsync"/> gets the data set bytes in order, exactly as encoded in the
/// context's transfer syntax; <see cref="CompleteAsync"/> makes the instance durable and returns the C-STORE status
/// (PS3.4 B.2.3). Disposing without completing discards everything written.
/// </summary>
public interface IStoreSink : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken);

    ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken);
}
