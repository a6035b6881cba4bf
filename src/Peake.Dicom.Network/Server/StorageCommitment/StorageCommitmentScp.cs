using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// Storage Commitment SCP on one accepted association (PS3.4 J.3). An N-ACTION "Request Storage Commitment" is checked
/// and answered at once with N-ACTION-RSP; its decision is then made by the handler in the background and, once
/// made, goes back as an N-EVENT-REPORT-RQ on this association when nothing else is in progress on it. When the
/// association ends before the requestor answered that report, the report goes to a new association to the requestor
/// (<see cref="StorageCommitmentReporter"/>). An N-EVENT-REPORT-RQ is the other role: a report from an SCP this AE
/// asked, taken only when <see cref="StorageCommitmentOptions.ReportReceived"/> is set (else answered 0211H).
/// </summary>
internal sealed class StorageCommitmentScp
{
    private readonly NegotiatedAssociation _association;
    private readonly PDataReassembler _reassembler;
    private readonly StorageCommitmentOptions? _options;
    private readonly string _localAeTitle;
    private DimseMessage? _request;
    private byte _contextId;
    private BoundedDataSetBuffer? _information;
    private (ushort Status, string Comment)? _refusal;
    private readonly List<Report> _reports = [];
    private readonly OutgoingMessageIds _messageIds;
    private readonly CommitmentWork _work;

    public StorageCommitmentScp(NegotiatedAssociation association, PDataReassembler reassembler, StorageCommitmentOptions? options, string localAeTitle, OutgoingMessageIds messageIds)
    {
        _messageIds = messageIds;
        // Outside a DicomServer (tests driving the provider directly) the bound is this association's alone.
        _work = options?.Work ?? new CommitmentWork(MaxPendingReports, CancellationToken.None);
        _association = association;
        _reassembler = reassembler;
        _options = options;
        _localAeTitle = localAeTitle;
    }

    /// <summary>True while an N-ACTION's or N-EVENT-REPORT's data set is being collected.</summary>
    public bool IsCollecting => _information is not null;

    /// <summary>
    /// Transactions whose report is not yet answered, per association. An SCU may ask again before a report arrives
    /// (each N-ACTION is an operation of its own); past this many, N-ACTION is refused with 0213H.
    /// </summary>
    public const int MaxPendingReports = 16;

    /// <summary>True when a decided report waits to be sent.</summary>
    public bool HasOutgoing => _reports.Exists(r => r is { MessageId: null, Decision.IsCompleted: true });

    /// <summary>
    /// Completes once any report not yet sent is decided (at once if one already is); null when none waits. Decided
    /// ones are included so that one finishing, on another thread, just after <see cref="HasOutgoing"/> was read is
    /// not missed.
    /// </summary>
    public Task? WhenOutgoing =>
        _reports.Where(r => r.MessageId is null).Select(r => r.Decision).ToList() is { Count: > 0 } unsent
            ? Task.WhenAny(unsent)
            : null;

    public (byte ContextId, DimseMessage Response)? OnCommand(byte contextId, DimseMessage command)
    {
        switch (command)
        {
            case NEventReportResponse response:
                var answered = _reports.FindIndex(r => r.MessageId == response.MessageIdBeingRespondedTo);
                if (response.HasDataSet || answered < 0)
                {
                    throw new DicomNetworkProtocolException(AbortReason.NotSpecified, $"N-EVENT-REPORT-RSP to message {response.MessageIdBeingRespondedTo}, which was not sent");
                }

                // Whatever its status, the requestor has had the report (PS3.4 J.3.3: it is not sent again).
                _reassembler.ExpectCommand();
                var report = _reports[answered];
                _reports.RemoveAt(answered);
                _work.End();
                _options?.ReportDelivered?.Invoke(report.RequestorAeTitle, report.Decision.Result);
                return null;
            case NActionRequest or NEventReportRequest when command.HasDataSet:
                _reassembler.ExpectDataSet();
                _request = command;
                _contextId = contextId;
                _information = new BoundedDataSetBuffer(StorageCommitmentDataSets.MaxLength, CommitmentStatus.ResourceLimitation, "Action Information too long");
                if (command is NActionRequest && _reports.Count >= MaxPendingReports)
                {
                    _information.Refuse(CommitmentStatus.ResourceLimitation, $"{MaxPendingReports} transactions already await their report");
                }

                return null;
            default:
                _reassembler.ExpectCommand();
                _contextId = contextId;
                _request = command;
                _refusal = command is NActionRequest ? (CommitmentStatus.MissingAttribute, "no Action Information") : null;
                return (contextId, Answer(ReadOnlyMemory<byte>.Empty));
        }
    }

    /// <summary>Takes a fragment of the data set; once whole, returns the response to send.</summary>
    public (byte ContextId, DimseMessage Response)? TakeDataSet(PDataFragment fragment)
    {
        var buffer = _information!;
        if (!buffer.Take(fragment))
        {
            return null;
        }

        _information = null;
        _refusal = buffer.Refusal;
        return (_contextId, Answer(buffer.Data));
    }

    /// <summary>The decided report as an N-EVENT-REPORT-RQ and its Event Information.</summary>
    public (byte ContextId, DimseMessage Command, Stream? DataSet) NextOutgoing()
    {
        var index = _reports.FindIndex(r => r is { MessageId: null, Decision.IsCompleted: true });
        var report = _reports[index];
        var id = _messageIds.Next();
        _reports[index] = report with { MessageId = id };
        var syntax = DicomTransferSyntax.Parse(_association.Contexts[report.ContextId].TransferSyntax);
        var result = report.Decision.Result;
        return (report.ContextId,
            new NEventReportRequest(id, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, result.EventTypeId),
            new MemoryStream(StorageCommitmentDataSets.EventInformation(result, _localAeTitle, syntax), writable: false));
    }

    /// <summary>
    /// The association is over: a report not yet answered goes to a new association to the requestor, once decided.
    /// </summary>
    public void End()
    {
        _information = null;
        foreach (var report in _reports)
        {
            // The delivery now holds the transaction's slot in the server-wide bound and ends it.
            StorageCommitmentReporter.DeliverLater(_options!, _work, _localAeTitle, report.RequestorAeTitle, report.Decision);
        }

        _reports.Clear();
    }

    private DimseMessage Answer(ReadOnlyMemory<byte> information)
    {
        var request = _request!;
        _request = null;
        if (request is NEventReportRequest report)
        {
            var reportStatus = TakeReport(report, information, out var reportComment);
            return new NEventReportResponse(
                report.MessageId,
                reportStatus,
                StorageCommitmentSop.SopClassUid,
                StorageCommitmentSop.SopInstanceUid,
                DimseStatus.IsSuccess(reportStatus) ? report.EventTypeId : null,
                ErrorComment: reportComment);
        }

        var action = (NActionRequest)request;
        var status = Check(action, information, out var comment);
        return new NActionResponse(
            action.MessageId,
            status,
            StorageCommitmentSop.SopClassUid,
            StorageCommitmentSop.SopInstanceUid,
            DimseStatus.IsSuccess(status) ? action.ActionTypeId : null,
            ErrorComment: comment);
    }

    /// <summary>
    /// A report from an SCP this side asked (PS3.4 J.3.3), handed to <see cref="StorageCommitmentOptions.ReportReceived"/>;
    /// PS3.7 10.1.1.1.8: what is wrong with it otherwise.
    /// </summary>
    private ushort TakeReport(NEventReportRequest report, ReadOnlyMemory<byte> information, out string? comment)
    {
        comment = null;
        var context = _association.Contexts[_contextId];
        if (_options?.ReportReceived is not { } receive)
        {
            comment = "this AE requested no storage commitment";
            return DimseStatus.UnrecognizedOperation;
        }

        if (CheckTarget(report.AffectedSopClassUid, report.AffectedSopInstanceUid, context, out comment) is { } wrong)
        {
            return wrong;
        }

        if (report.EventTypeId is not (StorageCommitmentSop.AllCommittedEventTypeId or StorageCommitmentSop.FailuresExistEventTypeId))
        {
            comment = $"event type {report.EventTypeId} (only 1 and 2)";
            return CommitmentStatus.NoSuchEventType;
        }

        if (_refusal is { } refusal)
        {
            comment = refusal.Comment;
            return refusal.Status;
        }

        try
        {
            if (receive(_association.CallingAeTitle.Trim(), StorageCommitmentDataSets.ReadEventInformation(information, DicomTransferSyntax.Parse(context.TransferSyntax))))
            {
                return DimseStatus.Success;
            }

            comment = "unknown transaction";
            return CommitmentStatus.ProcessingFailure;
        }
        catch (CommitmentArgumentException e)
        {
            comment = e.Message;
            return e.Status;
        }
    }

    /// <summary>PS3.7 10.1.4.1.10: what is wrong with the request, in the order a reader of it would notice.</summary>
    private ushort Check(NActionRequest action, ReadOnlyMemory<byte> information, out string? comment)
    {
        comment = null;
        var context = _association.Contexts[_contextId];
        if (_options?.Handler is null)
        {
            comment = "storage commitment is not offered";
            return DimseStatus.UnrecognizedOperation;
        }

        if (CheckTarget(action.RequestedSopClassUid, action.RequestedSopInstanceUid, context, out comment) is { } wrong)
        {
            return wrong;
        }

        if (action.ActionTypeId != StorageCommitmentSop.RequestActionTypeId)
        {
            comment = $"action type {action.ActionTypeId} (only 1, Request Storage Commitment)";
            return CommitmentStatus.NoSuchAction;
        }

        if (_refusal is { } refusal)
        {
            comment = refusal.Comment;
            return refusal.Status;
        }

        try
        {
            var (transactionUid, references) = StorageCommitmentDataSets.ReadActionInformation(information, DicomTransferSyntax.Parse(context.TransferSyntax));
            var requestor = _association.CallingAeTitle.Trim();
            if (!_work.TryBegin())
            {
                comment = "the server holds as many storage commitment transactions as it takes";
                return CommitmentStatus.ResourceLimitation;
            }

            var request = new StorageCommitmentRequest(requestor, transactionUid, references);
            var decision = StorageCommitmentDecision.MakeAsync(_options.Handler, _options.DecisionTimeout, request, _work.Stopping);
            _work.Track(decision);
            _reports.Add(new Report(_contextId, requestor, decision, null));
            return DimseStatus.Success;
        }
        catch (CommitmentArgumentException e)
        {
            comment = e.Message;
            return e.Status;
        }
    }

    /// <summary>PS3.4 J.3.5: both messages name the Storage Commitment SOP class (the context's) and its well-known instance.</summary>
    private static ushort? CheckTarget(string sopClass, string sopInstance, AcceptedPresentationContext context, out string? comment)
    {
        comment = null;
        if (sopClass != StorageCommitmentSop.SopClassUid || sopClass != context.AbstractSyntax)
        {
            comment = "SOP class is not Storage Commitment Push Model on this context";
            return CommitmentStatus.NoSuchSopClass;
        }

        if (sopInstance != StorageCommitmentSop.SopInstanceUid)
        {
            comment = "SOP instance is not the well-known 1.2.840.10008.1.20.1.1";
            return CommitmentStatus.InvalidObjectInstance;
        }

        return null;
    }

    /// <summary>A decided or pending report; <see cref="MessageId"/> is set once its N-EVENT-REPORT-RQ is sent.</summary>
    private sealed record Report(byte ContextId, string RequestorAeTitle, Task<StorageCommitmentResult> Decision, ushort? MessageId);
}
