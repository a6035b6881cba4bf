using System.Net.Security;
using System.Net.Sockets;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Client;

/// <summary>
/// The requestor side of one association (PS3.8 9.2, Table 9-10 through <see cref="UpperLayerStateMachine"/>):
/// open, run DIMSE operations one at a time (asynchronous window 1), release. Data sets are sent from a stream in
/// PDV-sized pieces, never loaded whole. Any protocol violation by the acceptor aborts the association and throws.
/// </summary>
public sealed partial class DicomClientAssociation : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly PduStreamReader _reader;
    private readonly AssociationRequest _request;
    private const int MaxIdentifierLength = 16 * 1024 * 1024;

    private readonly UpperLayerStateMachine _machine = new(isRequestor: true);
    private NegotiatedAssociation? _association;
    private PDataReassembler? _reassembler;
    private ushort _nextMessageId = 1;

    // PDVs of the last P-DATA-TF not yet taken: one PDU can carry the end of one message and the start of the next.
    private readonly Queue<PresentationDataValue> _received = new();

    private DicomClientAssociation(TcpClient client, Stream stream, AssociationRequest request)
    {
        _client = client;
        _stream = stream;
        _request = request;
        _reader = new PduStreamReader(_stream, new PduReadLimits(MaxDataTransferLength: request.MaxReceivePduLength));
    }

    /// <summary>What was agreed: the accepted presentation contexts and the PDU sizes each way.</summary>
    public NegotiatedAssociation Association => _association ?? throw new InvalidOperationException("not associated");

    public UpperLayerState State => _machine.State;

    /// <summary>Connects and negotiates (AE-1, AE-2, then AE-3 or AE-4).</summary>
    /// <exception cref="DicomAssociationRejectedException">The acceptor sent an A-ASSOCIATE-RJ.</exception>
    /// <exception cref="DicomAssociationAbortedException">The acceptor aborted or closed.</exception>
    public static Task<DicomClientAssociation> OpenAsync(string host, int port, AssociationRequest request, CancellationToken cancellationToken = default) =>
        OpenAsync(host, port, request, tls: null, cancellationToken);

    /// <summary>
    /// Connects, over DICOM TLS (PS3.15 B.1) when <paramref name="tls"/> is given (the handshake bounded by the connect
    /// timeout), and negotiates.
    /// </summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public static async Task<DicomClientAssociation> OpenAsync(string host, int port, AssociationRequest request, DicomTlsClientOptions? tls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = new TcpClient { NoDelay = true };
        DicomClientAssociation? association = null;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(request.ConnectTimeout);
                await client.ConnectAsync(host, port, connect.Token).ConfigureAwait(false);
            }
            Stream stream = client.GetStream();
            if (tls is not null)
            {
                stream = await DicomTls.AuthenticateAsClientAsync(stream, host, tls, request.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            association = new DicomClientAssociation(client, stream, request);
            await association.NegotiateAsync(cancellationToken).ConfigureAwait(false);
            return association;
        }
        catch
        {
            if (association is not null)
            {
                await association.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                client.Dispose();
            }
            throw;
        }
    }

    /// <summary>C-ECHO (PS3.7 9.1.5) on the first accepted Verification context.</summary>
    public async Task<CEchoResponse> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = FindContext(CEchoRequest.VerificationSopClassUid, null);
        var id = _nextMessageId++;
        await SendCommandAsync(context.Id, new CEchoRequest(id), cancellationToken).ConfigureAwait(false);
        return await ReceiveResponseAsync<CEchoResponse>(id, r => r.MessageIdBeingRespondedTo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// C-STORE (PS3.7 9.1.1) of a data set already encoded in <paramref name="transferSyntax"/>, read from
    /// <paramref name="dataSet"/> and sent as is on a context accepted for that SOP class and syntax.
    /// </summary>
    public Task<CStoreResponse> StoreAsync(string sopClassUid, string sopInstanceUid, string transferSyntax, Stream dataSet, CancellationToken cancellationToken = default) =>
        StoreAsync(sopClassUid, sopInstanceUid, transferSyntax, dataSet, null, null, cancellationToken);

    /// <summary>
    /// C-STORE as a sub-operation of a C-MOVE (PS3.7 9.1.1.1): the request names the AE title that asked for the move
    /// and the message id of its C-MOVE-RQ.
    /// </summary>
    public async Task<CStoreResponse> StoreAsync(
        string sopClassUid,
        string sopInstanceUid,
        string transferSyntax,
        Stream dataSet,
        string? moveOriginatorAeTitle,
        ushort? moveOriginatorMessageId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var context = FindContext(sopClassUid, transferSyntax);
        var id = _nextMessageId++;
        var request = new CStoreRequest(id, sopClassUid, sopInstanceUid, DimsePriority.Medium, moveOriginatorAeTitle, moveOriginatorMessageId);
        await SendCommandAsync(context.Id, request, cancellationToken).ConfigureAwait(false);
        await SendDataSetAsync(context, dataSet, cancellationToken).ConfigureAwait(false);
        return await ReceiveResponseAsync<CStoreResponse>(id, r => r.MessageIdBeingRespondedTo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Orderly release (AR-1, then AR-3; a release collision goes through AR-8, AR-9).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        _machine.Fire(UpperLayerEvent.Evt11ReleaseRequestPrimitive);
        await SendAsync(ReleaseRequestPdu.Instance, cancellationToken).ConfigureAwait(false);
        while (_machine.State is not UpperLayerState.Sta1Idle)
        {
            var pdu = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            switch (_machine.Fire(UpperLayerStateMachine.EventFor(pdu)))
            {
                case UpperLayerAction.AR3:
                    break;
                case UpperLayerAction.AR6:
                    // A late P-DATA indication while waiting: a storage commitment report is taken, but cannot be answered.
                    await TakeLateDataAsync((PDataTransferPdu)pdu, cancellationToken).ConfigureAwait(false);
                    break;
                case UpperLayerAction.AR8:
                    // Release collision, requestor side: answer first (PS3.8 7.2.2).
                    _machine.Fire(UpperLayerEvent.Evt14ReleaseResponsePrimitive);
                    await SendAsync(ReleaseResponsePdu.Instance, cancellationToken).ConfigureAwait(false);
                    break;
                case UpperLayerAction.AA3:
                    throw new DicomAssociationAbortedException(pdu as AbortPdu, "the acceptor aborted instead of releasing");
                default:
                    throw await ProtocolViolationAsync($"{pdu.Type} while releasing", cancellationToken).ConfigureAwait(false);
            }
        }
        if (_stream is SslStream tls)
        {
            // TLS close_notify, so the acceptor sees an orderly end rather than a truncated record stream.
            await CloseNotifyAsync(tls).ConfigureAwait(false);
        }
        _client.Close();
    }

    /// <summary>A-ABORT (AA-1) and close, if the association is still up.</summary>
    public async Task AbortAsync()
    {
        // PS3.8 Table 9-10: AA-1 sends the A-ABORT PDU; AA-2 (Sta4, no association yet) only closes the connection.
        if (_machine.CanFire(UpperLayerEvent.Evt15AbortRequestPrimitive) && _machine.Fire(UpperLayerEvent.Evt15AbortRequestPrimitive) == UpperLayerAction.AA1)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await TrySendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), deadline.Token).ConfigureAwait(false);
        }
        _client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (_machine.State is not (UpperLayerState.Sta1Idle or UpperLayerState.Sta13AwaitingTransportClose))
        {
            await AbortAsync().ConfigureAwait(false);
        }
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private static async Task CloseNotifyAsync(SslStream tls)
    {
        try
        {
            await tls.ShutdownAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The acceptor closed first after A-RELEASE-RP; the association is released either way.
        }
    }

    private async Task NegotiateAsync(CancellationToken cancellationToken)
    {
        _machine.Fire(UpperLayerEvent.Evt1AssociateRequestPrimitive);
        _machine.Fire(UpperLayerEvent.Evt2TransportConnectConfirmation);
        var rq = new AssociateRequestPdu(
            _request.CalledAeTitle,
            _request.CallingAeTitle,
            _request.PresentationContexts,
            new UserInformation(
                _request.MaxReceivePduLength,
                DicomImplementation.ClassUid,
                DicomImplementation.VersionName,
                RoleSelections: _request.RoleSelections,
                UserIdentity: _request.UserIdentity,
                Other: [.. _request.ExtendedNegotiation.Select(e => e.ToRawSubItem())]));
        await SendAsync(rq, cancellationToken).ConfigureAwait(false);
        var pdu = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        switch (_machine.Fire(UpperLayerStateMachine.EventFor(pdu)))
        {
            case UpperLayerAction.AE3:
                _association = Negotiated((AssociateAcceptPdu)pdu);
                _reassembler = new PDataReassembler(_association.Contexts);
                return;
            case UpperLayerAction.AE4:
                _client.Close();
                throw new DicomAssociationRejectedException((AssociateRejectPdu)pdu);
            case UpperLayerAction.AA3:
                throw new DicomAssociationAbortedException(pdu as AbortPdu, "the acceptor aborted the association request");
            default:
                throw await ProtocolViolationAsync($"{pdu.Type} in answer to A-ASSOCIATE-RQ", cancellationToken).ConfigureAwait(false);
        }
    }

    private NegotiatedAssociation Negotiated(AssociateAcceptPdu ac)
    {
        var proposed = _request.PresentationContexts.ToDictionary(pc => pc.Id);
        var accepted = new Dictionary<byte, AcceptedPresentationContext>();
        foreach (var pc in ac.PresentationContexts)
        {
            // PS3.8 9.3.3.2: only contexts proposed can be accepted, with one of the syntaxes proposed for them.
            if (pc.Result == PresentationContextResult.Acceptance
                && proposed.TryGetValue(pc.Id, out var mine)
                && mine.TransferSyntaxes.Contains(pc.TransferSyntax))
            {
                accepted[pc.Id] = new AcceptedPresentationContext(pc.Id, mine.AbstractSyntax, pc.TransferSyntax);
            }
        }
        var peerMax = ac.UserInformation.MaxPduLength;
        return new NegotiatedAssociation(
            _request.CalledAeTitle,
            _request.CallingAeTitle,
            accepted,
            peerMax == 0 ? _request.MaxSendPduLength : Math.Min(peerMax, _request.MaxSendPduLength),
            _request.MaxReceivePduLength,
            ac.UserInformation);
    }

    private AcceptedPresentationContext FindContext(string abstractSyntax, string? transferSyntax) =>
        Association.Contexts.Values.FirstOrDefault(c => c.AbstractSyntax == abstractSyntax && (transferSyntax is null || c.TransferSyntax == transferSyntax))
            ?? throw new InvalidOperationException($"no accepted presentation context for {abstractSyntax} in {transferSyntax ?? "any syntax"}");

    private async Task SendCommandAsync(byte contextId, DimseMessage command, CancellationToken cancellationToken)
    {
        foreach (var pdu in PDataFragmenter.Fragment(contextId, isCommand: true, DimseCommandCodec.Encode(command), Association.MaxSendPduLength))
        {
            _machine.Fire(UpperLayerEvent.Evt9DataRequestPrimitive);
            await SendAsync(pdu, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the data set PDV by PDV straight from the stream (<see cref="DataSetStreamer"/>).</summary>
    private Task SendDataSetAsync(AcceptedPresentationContext context, Stream dataSet, CancellationToken cancellationToken) =>
        DataSetStreamer.SendAsync(dataSet, context, Association.MaxSendPduLength, SendDataAsync, cancellationToken);

    private async ValueTask<bool> SendDataAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        _machine.Fire(UpperLayerEvent.Evt9DataRequestPrimitive);
        await WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The response to <paramref name="messageId"/>, which must not carry a data set.</summary>
    private async Task<T> ReceiveResponseAsync<T>(ushort messageId, Func<T, ushort> respondedTo, CancellationToken cancellationToken)
        where T : DimseMessage
    {
        var (response, dataSet) = await ReceiveAnswerAsync(messageId, respondedTo, null, cancellationToken).ConfigureAwait(false);
        return dataSet is null
            ? response
            : throw await ProtocolViolationAsync($"{response.CommandField} with a data set", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The receive loop: takes incoming messages until the response to <paramref name="messageId"/> arrives, and
    /// returns it with its data set (an identifier, small, read whole) when it announces one. Requests the acceptor
    /// makes of us meanwhile go to <see cref="ServeRequestAsync"/>; anything else breaks the protocol.
    /// </summary>
    private async Task<(T Response, byte[]? DataSet)> ReceiveAnswerAsync<T>(ushort messageId, Func<T, ushort> respondedTo, IStoreHandler? storeHandler, CancellationToken cancellationToken)
        where T : DimseMessage
    {
        while (true)
        {
            var (context, message) = await ReceiveCommandAsync(cancellationToken).ConfigureAwait(false);
            if (message is T response && respondedTo(response) == messageId)
            {
                return (response, message.HasDataSet ? await ReceiveIdentifierAsync(cancellationToken).ConfigureAwait(false) : null);
            }

            if (!await ServeRequestAsync(context, message, storeHandler, cancellationToken).ConfigureAwait(false))
            {
                throw await ProtocolViolationAsync($"unexpected {message.CommandField} while waiting for the answer to message {messageId}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One request the acceptor sent us on this association, served whole (its data set read, its response sent);
    /// false when we serve no such request here. PS3.4 C.4.3.3: a C-GET's matches arrive as C-STORE-RQs; PS3.4 J.3.3: a
    /// storage commitment report may come at any time on an association with the Storage Commitment context.
    /// </summary>
    private async Task<bool> ServeRequestAsync(AcceptedPresentationContext context, DimseMessage request, IStoreHandler? storeHandler, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case CStoreRequest store when storeHandler is not null:
                await ServeStoreAsync(context, store, storeHandler, cancellationToken).ConfigureAwait(false);
                return true;
            case NEventReportRequest { HasDataSet: true } report when context.AbstractSyntax == StorageCommitmentSop.SopClassUid:
                await ServeCommitmentReportAsync(context, report, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The next command off the network and its presentation context. When it announces a data set, the caller
    /// reads that next, with <see cref="ReceiveFragmentAsync"/> up to the last fragment.
    /// </summary>
    private async Task<(AcceptedPresentationContext Context, DimseMessage Command)> ReceiveCommandAsync(CancellationToken cancellationToken)
    {
        var fragment = await ReceiveFragmentAsync(cancellationToken).ConfigureAwait(false);
        var command = await DecodeCommandAsync(fragment, cancellationToken).ConfigureAwait(false);
        return (Association.Contexts[fragment.PresentationContextId], command);
    }

    /// <summary>A whole command fragment decoded; the reassembler is told whether a data set follows.</summary>
    private async Task<DimseMessage> DecodeCommandAsync(PDataFragment fragment, CancellationToken cancellationToken)
    {
        DimseMessage command;
        try
        {
            command = DimseCommandCodec.Decode(fragment.Data);
        }
        catch (DicomNetworkProtocolException e)
        {
            throw await ProtocolViolationAsync(e.Message, cancellationToken).ConfigureAwait(false);
        }

        if (command.HasDataSet)
        {
            _reassembler!.ExpectDataSet();
        }
        else
        {
            _reassembler!.ExpectCommand();
        }

        return command;
    }

    /// <summary>The data set of the command just received, collected whole: identifiers only (bounded).</summary>
    private async Task<byte[]> ReceiveIdentifierAsync(CancellationToken cancellationToken)
    {
        using var identifier = new MemoryStream();
        while (true)
        {
            var fragment = await ReceiveFragmentAsync(cancellationToken).ConfigureAwait(false);
            if (identifier.Length + fragment.Data.Length > MaxIdentifierLength)
            {
                throw await ProtocolViolationAsync($"an identifier over {MaxIdentifierLength} bytes", cancellationToken).ConfigureAwait(false);
            }

            identifier.Write(fragment.Data.Span);
            if (fragment.IsLast)
            {
                return identifier.ToArray();
            }
        }
    }

    /// <summary>
    /// The next whole command or data set fragment (PS3.8 Annex E), from the PDVs of the PDU last read or the next
    /// one. The reassembler checks their order; an abort or a PDU other than P-DATA-TF ends the association here.
    /// </summary>
    private async Task<PDataFragment> ReceiveFragmentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_received.TryDequeue(out var pdv))
            {
                PDataFragment? fragment;
                try
                {
                    fragment = _reassembler!.Accept(pdv);
                }
                catch (DicomNetworkProtocolException e)
                {
                    throw await ProtocolViolationAsync(e.Message, cancellationToken).ConfigureAwait(false);
                }

                if (fragment is not null)
                {
                    return fragment;
                }
            }

            var pdu = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var action = _machine.Fire(UpperLayerStateMachine.EventFor(pdu));
            if (action is UpperLayerAction.AA3)
            {
                throw new DicomAssociationAbortedException(pdu as AbortPdu, "the acceptor aborted the association");
            }

            if (action is not UpperLayerAction.DT2)
            {
                throw await ProtocolViolationAsync($"{pdu.Type} while waiting for a DIMSE message", cancellationToken).ConfigureAwait(false);
            }

            foreach (var pdv in ((PDataTransferPdu)pdu).Values)
            {
                _received.Enqueue(pdv);
            }
        }
    }

    /// <summary>The next PDU; a close, a timeout or garbage from the acceptor ends the association here.</summary>
    private async Task<DicomPdu> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_request.ResponseTimeout);
        DicomPdu? pdu;
        try
        {
            pdu = await _reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new TimeoutException($"no answer from {_request.CalledAeTitle} within {_request.ResponseTimeout}");
        }
        catch (DicomNetworkProtocolException e)
        {
            _machine.Fire(UpperLayerEvent.Evt19InvalidPdu);
            using var abortDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await TrySendAsync(new AbortPdu(AbortSource.ServiceProvider, e.Reason), abortDeadline.Token).ConfigureAwait(false);
            _client.Close();
            throw;
        }
        if (pdu is null)
        {
            _machine.Fire(UpperLayerEvent.Evt17TransportClosed);
            _client.Close();
            throw new DicomAssociationAbortedException(null, $"{_request.CalledAeTitle} closed the connection");
        }
        return pdu;
    }

    /// <summary>The acceptor broke the protocol: abort (AA-8 from the machine's point of view) and report it.</summary>
    private async Task<DicomNetworkProtocolException> ProtocolViolationAsync(string what, CancellationToken cancellationToken)
    {
        if (_machine.CanFire(UpperLayerEvent.Evt15AbortRequestPrimitive))
        {
            _machine.Fire(UpperLayerEvent.Evt15AbortRequestPrimitive);
        }
        await TrySendAsync(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), cancellationToken).ConfigureAwait(false);
        _client.Close();
        return new DicomNetworkProtocolException(AbortReason.UnexpectedPdu, what);
    }

    private Task SendAsync(DicomPdu pdu, CancellationToken cancellationToken) => WriteAsync(PduCodec.Encode(pdu), cancellationToken);

    private async Task WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_request.ResponseTimeout);
        await _stream.WriteAsync(pdu, deadline.Token).ConfigureAwait(false);
    }

    private async Task TrySendAsync(DicomPdu pdu, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(PduCodec.Encode(pdu), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the association is over whether or not the peer hears why.
        }
    }
}
