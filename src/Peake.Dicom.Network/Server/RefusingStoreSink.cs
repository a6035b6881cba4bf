using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Server;

/// <summary>Reads and drops a data set that will not be stored, then answers with a fixed failure status.</summary>
internal sealed class RefusingStoreSink(ushort status) : IStoreSink
{
    public static RefusingStoreSink UnrecognizedOperation { get; } = new(DimseStatus.UnrecognizedOperation);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(status);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
