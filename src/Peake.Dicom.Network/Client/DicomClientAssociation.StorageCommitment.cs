using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Client;

/// <summary>Storage Commitment Push Model (PS3.4 J.3), both roles of the N-EVENT-REPORT.</summary>
public sealed partial class DicomClientAssociation
{
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
        var response = await ReceiveResponseAsync<NActionResponse>(id, r => r.MessageIdBeingRespondedTo, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The N-ACTION-RSP, then the N-EVENT-REPORT-RQ of the transaction (in either order), answering the report.</summary>
    private async Task<StorageCommitmentResult> ReceiveCommitmentAsync(ushort actionId, string transactionUid, CancellationToken cancellationToken)
    {
        var responded = false;
        StorageCommitmentResult? result = null;
        DimseMessage? pending = null;
        MemoryStream? data = null;
        while (!responded || result is null)
        {
            var pdu = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var action = _machine.Fire(UpperLayerStateMachine.EventFor(pdu));
            if (action is UpperLayerAction.AA3)
            {
                throw new DicomAssociationAbortedException(pdu as AbortPdu, "the acceptor aborted the association");
            }

            if (action is not UpperLayerAction.DT2)
            {
                throw await ProtocolViolationAsync($"{pdu.Type} while waiting for a storage commitment report", cancellationToken).ConfigureAwait(false);
            }

            foreach (var pdv in ((PDataTransferPdu)pdu).Values)
            {
                try
                {
                    var fragment = _reassembler!.Accept(pdv);
                    if (fragment is null)
                    {
                        continue;
                    }

                    if (fragment.IsCommand)
                    {
                        pending = DimseCommandCodec.Decode(fragment.Data);
                        responded |= OnCommitmentCommand(pending, actionId);
                        data = pending.HasDataSet ? new MemoryStream() : null;
                        continue;
                    }

                    if (data!.Length + fragment.Data.Length > StorageCommitmentDataSets.MaxLength)
                    {
                        throw new DicomNetworkProtocolException(AbortReason.NotSpecified, "a storage commitment report too large to take");
                    }

                    data.Write(fragment.Data.Span);
                    if (fragment.IsLast)
                    {
                        if (pending is NEventReportRequest report)
                        {
                            var syntax = DicomTransferSyntax.Parse(Association.Contexts[fragment.PresentationContextId].TransferSyntax);
                            result = await TakeReportAsync(fragment.PresentationContextId, report, data.ToArray(), syntax, transactionUid, cancellationToken).ConfigureAwait(false)
                                ?? result;
                        }
                        else if (pending is NActionResponse refused && DimseStatus.IsFailure(refused.Status))
                        {
                            throw new StorageCommitmentRefusedException(refused.Status, refused.ErrorComment);
                        }
                    }
                }
                catch (Exception e) when (e is DicomNetworkProtocolException or CommitmentArgumentException)
                {
                    throw await ProtocolViolationAsync(e.Message, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return result;
    }

    /// <summary>True for the N-ACTION-RSP; a failure there ends the wait. Anything but the two expected messages is a violation.</summary>
    private bool OnCommitmentCommand(DimseMessage message, ushort actionId)
    {
        switch (message)
        {
            case NActionResponse response when response.MessageIdBeingRespondedTo == actionId:
                if (response.HasDataSet)
                {
                    // No Action Reply is defined for action 1 (PS3.4 J.3.2.1.2); one sent anyway is read (a failure
                    // status is raised once it is in) and ignored.
                    _reassembler!.ExpectDataSet();
                    return true;
                }

                _reassembler!.ExpectCommand();
                return DimseStatus.IsFailure(response.Status)
                    ? throw new StorageCommitmentRefusedException(response.Status, response.ErrorComment)
                    : true;
            case NEventReportRequest { HasDataSet: true } report when report.AffectedSopClassUid == StorageCommitmentSop.SopClassUid:
                _reassembler!.ExpectDataSet();
                return false;
            default:
                throw new DicomNetworkProtocolException(AbortReason.UnexpectedPdu, $"unexpected {message.CommandField} while waiting for a storage commitment report");
        }
    }

    /// <summary>
    /// Answers a report: success for this transaction's (returned); 0113H for an unknown event type and 0110H for
    /// another transaction's, which this requestor cannot take (the SCP keeps it), then the wait goes on.
    /// </summary>
    private async Task<StorageCommitmentResult?> TakeReportAsync(
        byte contextId, NEventReportRequest report, byte[] information, DicomTransferSyntax syntax, string transactionUid, CancellationToken cancellationToken)
    {
        StorageCommitmentResult? result = null;
        var status = DimseStatus.Success;
        if (report.EventTypeId is not (StorageCommitmentSop.AllCommittedEventTypeId or StorageCommitmentSop.FailuresExistEventTypeId))
        {
            status = CommitmentStatus.NoSuchEventType;
        }
        else
        {
            var read = StorageCommitmentDataSets.ReadEventInformation(information, syntax);
            if (read.TransactionUid == transactionUid)
            {
                result = read;
            }
            else
            {
                status = CommitmentStatus.ProcessingFailure;
            }
        }

        var response = new NEventReportResponse(
            report.MessageId, status, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, DimseStatus.IsSuccess(status) ? report.EventTypeId : null);
        await SendCommandAsync(contextId, response, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
