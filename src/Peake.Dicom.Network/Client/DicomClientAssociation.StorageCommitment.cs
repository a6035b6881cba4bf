using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Client;

/// <summary>Storage Commitment Push Model (PS3.4 J.3), both roles of the N-EVENT-REPORT.</summary>
public sealed partial class DicomClientAssociation
{
    // The transaction CommitAsync waits for, and its report once served.
    private string? _awaitedTransaction;
    private StorageCommitmentResult? _awaitedReport;

    // The Event Information of a report arriving while the release is awaited, as it comes in.
    private MemoryStream? _lateReport;

    /// <summary>
    /// Requests storage commitment (N-ACTION, Action Type 1, PS3.4 J.3.2) for <paramref name="references"/> and waits on
    /// this association for the N-EVENT-REPORT (PS3.4 J.3.3) of the transaction, which is answered with success.
    /// </summary>
    /// <param name="transactionUid">The transaction's UID; null: a new one.</param>
    /// <param name="timeout">How long to wait for the report; null: the request's response timeout. On expiry the
    /// association is aborted and <see cref="TimeoutException"/> thrown.</param>
    /// <exception cref="StorageCommitmentRefusedException">The SCP answered the N-ACTION with a failure.</exception>
    public async Task<StorageCommitmentResult> CommitAsync(
        IReadOnlyList<SopReference> references,
        string? transactionUid = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        var transaction = transactionUid ?? DicomUid.Generate();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? _request.ResponseTimeout);
        try
        {
            var id = await SendCommitmentRequestAsync(references, transaction, deadline.Token).ConfigureAwait(false);
            return await ReceiveCommitmentAsync(id, transaction, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new TimeoutException($"no storage commitment report from {_request.CalledAeTitle} for transaction {transaction} in time");
        }
    }

    /// <summary>
    /// Requests storage commitment (N-ACTION, PS3.4 J.3.2) and returns the transaction UID once the SCP accepted the
    /// request, without waiting for the report: for SCPs that report on an association of their own (PS3.4 J.3.3), to
    /// be taken by a listening server (<see cref="Server.StorageCommitment.StorageCommitmentOptions.ReportReceived"/>).
    /// </summary>
    /// <exception cref="StorageCommitmentRefusedException">The SCP answered the N-ACTION with a failure.</exception>
    public async Task<string> RequestCommitmentAsync(IReadOnlyList<SopReference> references, string? transactionUid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        var transaction = transactionUid ?? DicomUid.Generate();
        var id = await SendCommitmentRequestAsync(references, transaction, cancellationToken).ConfigureAwait(false);
        // A report arriving first (PS3.4 J.3.3) is served on the way and offered to CommitmentReportReceived.
        var (response, _) = await ReceiveAnswerAsync<NActionResponse>(id, r => r.MessageIdBeingRespondedTo, null, cancellationToken).ConfigureAwait(false);
        return DimseStatus.IsFailure(response.Status) ? throw new StorageCommitmentRefusedException(response.Status, response.ErrorComment) : transaction;
    }

    /// <summary>
    /// Sends a commitment report as the SCP-role sender of the N-EVENT-REPORT (PS3.4 J.3.3, on an association this side
    /// opened with SCP role selection for the SOP class) and returns the requestor's N-EVENT-REPORT-RSP.
    /// </summary>
    public async Task<NEventReportResponse> ReportCommitmentAsync(StorageCommitmentResult result, string retrieveAeTitle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = FindContext(StorageCommitmentSop.SopClassUid, null);
        var id = _nextMessageId++;
        var report = new NEventReportRequest(id, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, result.EventTypeId);
        await SendCommandAsync(context.Id, report, cancellationToken).ConfigureAwait(false);
        using (var data = new MemoryStream(StorageCommitmentDataSets.EventInformation(result, retrieveAeTitle, DicomTransferSyntax.Parse(context.TransferSyntax)), writable: false))
        {
            await SendDataSetAsync(context, data, cancellationToken).ConfigureAwait(false);
        }

        return await ReceiveResponseAsync<NEventReportResponse>(id, r => r.MessageIdBeingRespondedTo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The N-ACTION-RQ "Request Storage Commitment" and its Action Information; returns its message id.</summary>
    private async Task<ushort> SendCommitmentRequestAsync(IReadOnlyList<SopReference> references, string transactionUid, CancellationToken cancellationToken)
    {
        var context = FindContext(StorageCommitmentSop.SopClassUid, null);
        var id = _nextMessageId++;
        var request = new NActionRequest(id, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, StorageCommitmentSop.RequestActionTypeId);
        await SendCommandAsync(context.Id, request, cancellationToken).ConfigureAwait(false);
        var information = StorageCommitmentDataSets.ActionInformation(transactionUid, references, DicomTransferSyntax.Parse(context.TransferSyntax));
        using (var data = new MemoryStream(information, writable: false))
        {
            await SendDataSetAsync(context, data, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>
    /// The N-ACTION-RSP, then the N-EVENT-REPORT-RQ of the transaction (PS3.4 J.3.3: it may come first too), on the one
    /// receive path: a report arriving while the response is awaited is served by <see cref="ServeRequestAsync"/>, and
    /// nothing more is read once both are in.
    /// </summary>
    private async Task<StorageCommitmentResult> ReceiveCommitmentAsync(ushort actionId, string transactionUid, CancellationToken cancellationToken)
    {
        _awaitedTransaction = transactionUid;
        _awaitedReport = null;
        try
        {
            // No Action Reply is defined for action 1 (PS3.4 J.3.2.1.2); one sent anyway is read and ignored.
            var (response, _) = await ReceiveAnswerAsync<NActionResponse>(actionId, r => r.MessageIdBeingRespondedTo, null, cancellationToken).ConfigureAwait(false);
            if (DimseStatus.IsFailure(response.Status))
            {
                throw new StorageCommitmentRefusedException(response.Status, response.ErrorComment);
            }

            while (_awaitedReport is null)
            {
                var (context, message) = await ReceiveCommandAsync(cancellationToken).ConfigureAwait(false);
                if (!await ServeRequestAsync(context, message, null, cancellationToken).ConfigureAwait(false))
                {
                    throw await ProtocolViolationAsync($"unexpected {message.CommandField} while waiting for a storage commitment report", cancellationToken).ConfigureAwait(false);
                }
            }

            return _awaitedReport;
        }
        finally
        {
            _awaitedTransaction = null;
            _awaitedReport = null;
        }
    }

    /// <summary>
    /// Serves a report the acceptor sends on this association (PS3.4 J.3.3): success for the awaited transaction's (kept
    /// for <see cref="ReceiveCommitmentAsync"/>) or one <see cref="AssociationRequest.CommitmentReportReceived"/> takes;
    /// 0113H for an unknown event type; 0110H for any other, which this requestor cannot take (the SCP keeps it).
    /// </summary>
    private async Task ServeCommitmentReportAsync(AcceptedPresentationContext context, NEventReportRequest report, CancellationToken cancellationToken)
    {
        var information = await ReceiveIdentifierAsync(cancellationToken).ConfigureAwait(false);
        var status = DimseStatus.Success;
        if (report.EventTypeId is not (StorageCommitmentSop.AllCommittedEventTypeId or StorageCommitmentSop.FailuresExistEventTypeId))
        {
            status = CommitmentStatus.NoSuchEventType;
        }
        else if (!TakeReport(await ReadReportAsync(information, context, cancellationToken).ConfigureAwait(false)))
        {
            status = CommitmentStatus.ProcessingFailure;
        }

        var response = new NEventReportResponse(
            report.MessageId, status, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, DimseStatus.IsSuccess(status) ? report.EventTypeId : null);
        await SendCommandAsync(context.Id, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the report is the awaited transaction's or the request's report taker takes it.</summary>
    private bool TakeReport(StorageCommitmentResult result)
    {
        if (_awaitedTransaction is not null && result.TransactionUid == _awaitedTransaction)
        {
            _awaitedReport = result;
            return true;
        }

        return _request.CommitmentReportReceived?.Invoke(result) ?? false;
    }

    /// <summary>The Event Information of a report; one that cannot be read is the acceptor's protocol error.</summary>
    private async Task<StorageCommitmentResult> ReadReportAsync(byte[] information, AcceptedPresentationContext context, CancellationToken cancellationToken)
    {
        try
        {
            return StorageCommitmentDataSets.ReadEventInformation(information, DicomTransferSyntax.Parse(context.TransferSyntax));
        }
        catch (CommitmentArgumentException e)
        {
            throw await ProtocolViolationAsync(e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// P-DATA arriving after our A-RELEASE-RQ (AR-6). PS3.8 Table 9-10 allows no P-DATA request in Sta7, so no response
    /// can go back; a storage commitment report is still decoded and offered to
    /// <see cref="AssociationRequest.CommitmentReportReceived"/>, and the SCP, never answered, keeps it and sends it
    /// again on a new association (PS3.4 J.3.3). Anything else has nobody left to read it and is dropped.
    /// </summary>
    private async Task TakeLateDataAsync(PDataTransferPdu pdu, CancellationToken cancellationToken)
    {
        foreach (var pdv in pdu.Values)
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

            if (fragment is null)
            {
                continue;
            }

            if (fragment.IsCommand)
            {
                var command = await DecodeCommandAsync(fragment, cancellationToken).ConfigureAwait(false);
                _lateReport = command is NEventReportRequest { HasDataSet: true } && Association.Contexts[fragment.PresentationContextId].AbstractSyntax == StorageCommitmentSop.SopClassUid
                    ? new MemoryStream()
                    : null;
                continue;
            }

            if (_lateReport is not { } data)
            {
                continue;
            }

            if (data.Length + fragment.Data.Length > MaxIdentifierLength)
            {
                throw await ProtocolViolationAsync($"a storage commitment report over {MaxIdentifierLength} bytes", cancellationToken).ConfigureAwait(false);
            }

            data.Write(fragment.Data.Span);
            if (fragment.IsLast)
            {
                _lateReport = null;
                var result = await ReadReportAsync(data.ToArray(), Association.Contexts[fragment.PresentationContextId], cancellationToken).ConfigureAwait(false);
                _ = TakeReport(result);
            }
        }
    }
}
