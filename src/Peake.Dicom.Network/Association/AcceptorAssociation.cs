using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Runs the acceptor side of one transport connection through the upper layer protocol machine (PS3.8 9.2):
/// every received PDU, timeout and close becomes an event of Table 9-10 and the action the table names is carried
/// out here. Timers: ARTIM bounds Sta2 (waiting for the A-ASSOCIATE-RQ) and Sta13 (waiting for the peer to close);
/// the idle timeout bounds each PDU in an established association. After an invalid PDU the byte stream has lost
/// its framing, so Sta13 drains bytes without parsing them until the peer closes or ARTIM expires.
/// </summary>
internal sealed class AcceptorAssociation
{
    private readonly Stream _stream;
    private readonly PduStreamReader _reader;
    private readonly DicomServerOptions _options;
    private readonly IStoreHandler _store;
    private readonly AssociationSlots _slots;
    private readonly IQueryService? _query;
    private readonly IRetrieveSource? _retrieve;
    private readonly UpperLayerStateMachine _machine = new(isRequestor: false);
    private bool _holdsSlot;
    private NegotiatedAssociation? _association;
    private DimseServiceProvider? _dimse;

    public AcceptorAssociation(Stream stream, DicomServerOptions options, IStoreHandler store, AssociationSlots slots, IQueryService? query = null, IRetrieveSource? retrieve = null)
    {
        _query = query;
        _retrieve = retrieve;
        _stream = stream;
        _reader = new PduStreamReader(stream, new PduReadLimits(MaxDataTransferLength: options.Acceptor.MaxReceivePduLength));
        _options = options;
        _store = store;
        _slots = slots;
    }

    public UpperLayerState State => _machine.State;

    /// <summary>Runs until the connection is done; the caller closes the transport afterwards.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            // AE-5; actions that send nothing need no work here: the caller closes the transport once in Sta1.
            _machine.Fire(UpperLayerEvent.Evt5TransportConnectionIndication);
            while (_machine.State is not UpperLayerState.Sta1Idle)
            {
                if (_machine.State is UpperLayerState.Sta13AwaitingTransportClose)
                {
                    // The association is over: its slot is free for others while ARTIM waits for the peer to close.
                    ReleaseSlot();
                    await DrainUntilClosedAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                await StepAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_dimse is not null)
            {
                await _dimse.DisposeAsync().ConfigureAwait(false);
            }
            if (_association is not null)
            {
                (_store as IAssociationLifecycle)?.AssociationEnded(_association);
            }
            ReleaseSlot();
            await _reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ReleaseSlot()
    {
        if (_holdsSlot)
        {
            _holdsSlot = false;
            _slots.Release();
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var artim = _machine.State is UpperLayerState.Sta2AwaitingAssociateRequest;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(artim ? _options.ArtimTimeout : _options.IdleTimeout);
        DicomPdu? pdu;
        Task<DicomPdu?>? read = null;
        try
        {
            read = _reader.ReadAsync(deadline.Token).AsTask();
            // A C-FIND's responses (and a C-GET's sub-operations) go out while the next PDU is awaited, so a C-CANCEL-RQ
            // is seen between two of them.
            while (true)
            {
                while (_dimse is { HasOutgoing: true } && !read.IsCompleted && _machine.State == UpperLayerState.Sta6Established)
                {
                    // The idle timeout is the peer's silence while we wait on it, not the length of our own work: a
                    // C-MOVE to a slow destination may take minutes while the requestor rightly says nothing.
                    deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                    var (contextId, command, identifier) = await _dimse.NextOutgoingAsync(cancellationToken).ConfigureAwait(false);
                    await SendMessageAsync(contextId, command, identifier, cancellationToken).ConfigureAwait(false);
                    deadline.CancelAfter(_options.IdleTimeout);
                }

                // A storage commitment report being decided wakes this loop when ready, not the peer's next PDU.
                if (read.IsCompleted || _dimse?.WhenOutgoing is not { } ready || _machine.State != UpperLayerState.Sta6Established)
                {
                    break;
                }

                // The requestor waits on our decision (bounded by its own timeout), so this is not its silence either.
                deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                await Task.WhenAny(read, ready).ConfigureAwait(false);
                deadline.CancelAfter(_options.IdleTimeout);
            }
            pdu = await read.ConfigureAwait(false);
            if (_machine.State == UpperLayerState.Sta1Idle)
            {
                // A send found the transport gone (Evt17 already fired).
                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (artim)
            {
                _machine.Fire(UpperLayerEvent.Evt18ArtimExpired);
            }
            else
            {
                // Idle too long: the local user aborts (Evt15, AA-1).
                _machine.Fire(UpperLayerEvent.Evt15AbortRequestPrimitive);
                await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        catch (DicomNetworkProtocolException e)
        {
            await AbortAsync(_machine.Fire(UpperLayerEvent.Evt19InvalidPdu), e.Reason, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (DataSetSourceException)
        {
            // Our own file failed mid-send (the command is already out): abort (Evt15, AA-1) rather than leave the
            // peer waiting for the rest. The pending read is stopped first; the reader is not safe to share.
            await deadline.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(read!).ConfigureAwait(false);
            if (_machine.CanFire(UpperLayerEvent.Evt15AbortRequestPrimitive))
            {
                _machine.Fire(UpperLayerEvent.Evt15AbortRequestPrimitive);
                await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        catch (IOException)
        {
            pdu = null;
        }
        if (pdu is null)
        {
            _machine.Fire(UpperLayerEvent.Evt17TransportClosed);
            return;
        }
        await OnPduAsync(pdu, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnPduAsync(DicomPdu pdu, CancellationToken cancellationToken)
    {
        var evt = UpperLayerStateMachine.EventFor(pdu);
        if (evt == UpperLayerEvent.Evt6AssociateRequestPdu && _machine.State == UpperLayerState.Sta2AwaitingAssociateRequest)
        {
            await OnAssociateRequestAsync((AssociateRequestPdu)pdu, cancellationToken).ConfigureAwait(false);
            return;
        }
        var action = _machine.Fire(evt);
        switch (action)
        {
            case UpperLayerAction.DT2:
                await OnDataAsync((PDataTransferPdu)pdu, cancellationToken).ConfigureAwait(false);
                break;
            case UpperLayerAction.AR2:
                // A-RELEASE indication: this acceptor always agrees (Evt14, AR-4). A store cut short is discarded.
                if (_dimse is not null)
                {
                    await _dimse.DisposeAsync().ConfigureAwait(false);
                }
                _machine.Fire(UpperLayerEvent.Evt14ReleaseResponsePrimitive);
                await SendAsync(ReleaseResponsePdu.Instance, cancellationToken).ConfigureAwait(false);
                break;
            case UpperLayerAction.AA1 or UpperLayerAction.AA7:
                await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), cancellationToken).ConfigureAwait(false);
                break;
            case UpperLayerAction.AA8:
                await SendAsync(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), cancellationToken).ConfigureAwait(false);
                break;
            default:
                // AA-2, AA-3, AA-6: nothing to send; the state says whether to close.
                break;
        }
    }

    private async Task OnAssociateRequestAsync(AssociateRequestPdu rq, CancellationToken cancellationToken)
    {
        var result = AssociationNegotiator.Negotiate(rq, _options.Acceptor);
        _machine.Fire(UpperLayerEvent.Evt6AssociateRequestPdu, result.ServiceProviderAcceptable);
        if (!result.ServiceProviderAcceptable)
        {
            await SendAsync(result.Reject!, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Sta3: the service user (the negotiator's verdict and the server's capacity) answers.
        if (result.Accept is not null)
        {
            _holdsSlot = _slots.TryAcquire();
        }
        if (result.Accept is null || !_holdsSlot)
        {
            _machine.Fire(UpperLayerEvent.Evt8AssociateRejectPrimitive);
            await SendAsync(result.Reject ?? AssociateRejectPdu.LocalLimitExceeded, cancellationToken).ConfigureAwait(false);
            return;
        }
        _machine.Fire(UpperLayerEvent.Evt7AssociateAcceptPrimitive);
        _association = result.Association!;
        (_store as IAssociationLifecycle)?.AssociationStarted(_association);
        _dimse = new DimseServiceProvider(_association, _store, _query, _retrieve, _options);
        await SendAsync(result.Accept, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnDataAsync(PDataTransferPdu data, CancellationToken cancellationToken)
    {
        foreach (var pdv in data.Values)
        {
            (byte ContextId, Dimse.DimseMessage Response)? response;
            try
            {
                response = await _dimse!.AcceptAsync(pdv, cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkProtocolException)
            {
                // A DIMSE violation is the service user's to abort (Evt15, AA-1).
                _machine.Fire(UpperLayerEvent.Evt15AbortRequestPrimitive);
                await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), cancellationToken).ConfigureAwait(false);
                return;
            }
            if (response is { } r)
            {
                await SendMessageAsync(r.ContextId, r.Response, null, cancellationToken).ConfigureAwait(false);
            }
            if (_machine.State != UpperLayerState.Sta6Established)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A command and, when given, its data set, as P-DATA-TF PDUs (P-DATA request primitives, Evt9). The data set is
    /// streamed PDV by PDV (a C-GET sub-operation can be a 1 GB file) and disposed here.
    /// </summary>
    private async Task SendMessageAsync(byte contextId, Dimse.DimseMessage message, Stream? dataSet, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var pdu in PDataFragmenter.Fragment(contextId, isCommand: true, Dimse.DimseCommandCodec.Encode(message), _association!.MaxSendPduLength))
            {
                if (!await SendDataAsync(PduCodec.Encode(pdu), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            if (dataSet is not null)
            {
                await DataSetStreamer.SendAsync(dataSet, _association.Contexts[contextId], _association.MaxSendPduLength, SendDataAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (dataSet is not null)
            {
                await dataSet.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One encoded P-DATA-TF; false once a send found the transport gone (Evt17): nothing more to say.</summary>
    private async ValueTask<bool> SendDataAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        if (_machine.State != UpperLayerState.Sta6Established)
        {
            return false;
        }
        _machine.Fire(UpperLayerEvent.Evt9DataRequestPrimitive);
        await WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
        return _machine.State == UpperLayerState.Sta6Established;
    }

    private async Task AbortAsync(UpperLayerAction action, AbortReason reason, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case UpperLayerAction.AA1 or UpperLayerAction.AA7:
                await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), cancellationToken).ConfigureAwait(false);
                break;
            case UpperLayerAction.AA8:
                await SendAsync(new AbortPdu(AbortSource.ServiceProvider, reason), cancellationToken).ConfigureAwait(false);
                break;
            default:
                // AA-2 (invalid PDU before any association): close without a word.
                break;
        }
    }

    private Task SendAsync(DicomPdu pdu, CancellationToken cancellationToken) => WriteAsync(PduCodec.Encode(pdu), cancellationToken);

    private async Task WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.IdleTimeout);
        try
        {
            await _stream.WriteAsync(pdu, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The peer went away or stopped reading: that is a transport close (Evt17) whatever we were sending.
            if (_machine.CanFire(UpperLayerEvent.Evt17TransportClosed))
            {
                _machine.Fire(UpperLayerEvent.Evt17TransportClosed);
            }
        }
    }

    private async Task DrainUntilClosedAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ArtimTimeout);
        try
        {
            await _reader.DrainAsync(deadline.Token).ConfigureAwait(false);
            _machine.Fire(UpperLayerEvent.Evt17TransportClosed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _machine.Fire(UpperLayerEvent.Evt18ArtimExpired);
        }
        catch (IOException)
        {
            _machine.Fire(UpperLayerEvent.Evt17TransportClosed);
        }
    }
}
