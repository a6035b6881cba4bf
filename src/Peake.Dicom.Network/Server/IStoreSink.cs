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

    /// <summary>
    /// PS3.7 C.4 Error Comment (0000,0902) sent with the status <see cref="CompleteAsync"/> returned: why an instance
    /// was refused, for the sender's log. Null (the default): the response has none.
    /// </summary>
    string? ErrorComment => null;
}
