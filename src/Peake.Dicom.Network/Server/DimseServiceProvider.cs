using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// The DIMSE side of one accepted association: turns whole commands and streamed data set fragments into the
/// responses to send. One operation at a time (the negotiated asynchronous window is 1), so at most one store sink
/// is open; it is disposed unfinished if the association ends first.
/// </summary>
internal sealed class DimseServiceProvider : IAsyncDisposable
{
    private readonly NegotiatedAssociation _association;
    private readonly IStoreHandler _store;
    private readonly PDataReassembler _reassembler;
    private IStoreSink? _sink;
    private DimseMessage? _pending;

    public DimseServiceProvider(NegotiatedAssociation association, IStoreHandler store)
    {
        _association = association;
        _store = store;
        _reassembler = new PDataReassembler(association.Contexts);
    }

    /// <summary>True when no message is half received: the point where a release is orderly.</summary>
    public bool IsIdle => _reassembler.IsBetweenMessages && _sink is null;

    /// <summary>Takes one PDV; returns a response to send on its presentation context, or null.</summary>
    public async ValueTask<(byte ContextId, DimseMessage Response)?> AcceptAsync(PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        var fragment = _reassembler.Accept(pdv);
        if (fragment is null)
        {
            return null;
        }
        if (fragment.IsCommand)
        {
            return await OnCommandAsync(fragment.PresentationContextId, DimseCommandCodec.Decode(fragment.Data), cancellationToken).ConfigureAwait(false);
        }
        await WriteAsync(fragment.Data, cancellationToken).ConfigureAwait(false);
        if (!fragment.IsLast)
        {
            return null;
        }
        var status = await _sink!.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await DisposeSinkAsync().ConfigureAwait(false);
        var request = _pending!;
        _pending = null;
        return (fragment.PresentationContextId, request switch
        {
            CStoreRequest store => new CStoreResponse(store.MessageId, store.AffectedSopClassUid, store.AffectedSopInstanceUid, status),
            UnsupportedDimseRequest other => new DimseStatusResponse(other.CommandField | (DimseCommandField)0x8000, other.MessageId, other.AffectedSopClassUid, status),
            _ => throw new InvalidOperationException($"no response for {request.GetType().Name}"),
        });
    }

    public ValueTask DisposeAsync() => DisposeSinkAsync();

    private async ValueTask<(byte, DimseMessage)?> OnCommandAsync(byte contextId, DimseMessage command, CancellationToken cancellationToken)
    {
        var context = _association.Contexts[contextId];
        switch (command)
        {
            case CEchoRequest echo:
                _reassembler.ExpectCommand();
                return (contextId, new CEchoResponse(echo.MessageId, DimseStatus.Success, echo.AffectedSopClassUid));
            case CStoreRequest store:
                _reassembler.ExpectDataSet();
                _pending = store;
                // PS3.7 9.1.1.1: the SOP class must be the one the context was negotiated for.
                _sink = store.AffectedSopClassUid == context.AbstractSyntax
                    ? await _store.BeginAsync(_association, context, store, cancellationToken).ConfigureAwait(false)
                    : new RefusingStoreSink(DimseStatus.SopClassNotSupported);
                return null;
            case CCancelRequest:
                // Nothing is running that a cancel could stop; PS3.7 gives C-CANCEL no response.
                _reassembler.ExpectCommand();
                return null;
            case CFindRequest find:
                // Not served by this provider yet: the identifier is drained and answered 0211H.
                _reassembler.ExpectDataSet();
                _pending = new UnsupportedDimseRequest(find.CommandField, find.MessageId, find.AffectedSopClassUid, DataSetFollows: true);
                _sink = RefusingStoreSink.UnrecognizedOperation;
                return null;
            case UnsupportedDimseRequest other when other.HasDataSet:
                _reassembler.ExpectDataSet();
                _pending = other;
                _sink = RefusingStoreSink.UnrecognizedOperation;
                return null;
            case UnsupportedDimseRequest other:
                _reassembler.ExpectCommand();
                return (contextId, new DimseStatusResponse(other.CommandField | (DimseCommandField)0x8000, other.MessageId, other.AffectedSopClassUid, DimseStatus.UnrecognizedOperation));
            default:
                throw new DicomNetworkProtocolException(AbortReason.NotSpecified, $"unexpected {command.CommandField} sent to an SCP");
        }
    }

    /// <summary>
    /// A store that cannot write (disk full, permissions) is the storage's failure, not the peer's: the rest of the
    /// data set is drained and answered with A700H, and the association carries on.
    /// </summary>
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _sink!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await DisposeSinkAsync().ConfigureAwait(false);
            _sink = new RefusingStoreSink(DimseStatus.OutOfResources);
        }
    }

    private async ValueTask DisposeSinkAsync()
    {
        if (_sink is { } sink)
        {
            _sink = null;
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
