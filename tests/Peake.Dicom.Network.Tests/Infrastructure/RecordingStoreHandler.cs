using System.Collections.Concurrent;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>Passes stores through to another handler and records the size of every fragment a sink received.</summary>
internal sealed class RecordingStoreHandler(IStoreHandler inner) : IStoreHandler
{
    public ConcurrentQueue<int> FragmentSizes { get; } = new();

    public async ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken) =>
        new Sink(await inner.BeginAsync(association, context, request, cancellationToken), FragmentSizes);

    private sealed class Sink(IStoreSink inner, ConcurrentQueue<int> sizes) : IStoreSink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
        {
            sizes.Enqueue(fragment.Length);
            return inner.WriteAsync(fragment, cancellationToken);
        }

        public ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
