using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>A store whose every write fails as a full disk would.</summary>
internal sealed class FailingStoreHandler : IStoreHandler
{
    public int Disposed;

    public ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStoreSink>(new Sink(this));

    private sealed class Sink(FailingStoreHandler owner) : IStoreSink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => throw new IOException("No space left on device");

        public ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("a failed sink must not be completed");

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref owner.Disposed);
            return ValueTask.CompletedTask;
        }
    }
}
