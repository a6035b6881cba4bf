using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-GET in progress (PS3.4 C.4.3.3): each matched instance goes back as a C-STORE sub-operation on the same
/// association, on a context the requestor proposed for its SOP class with the SCP role granted to it (PS3.7 D.3.3.4):
/// in the stored transfer syntax when accepted, else converted among the uncompressed ones (<see cref="SyntaxConversion"/>);
/// without one the sub-operation fails. After each C-STORE-RSP a pending C-GET-RSP carries the counts; the final one
/// says 0000H, B000H (some failed), A702H (none sent) or FE00H (cancelled), with the Failed SOP Instance UID List as its
/// identifier when any failed. The data set is streamed from the retrieve source.
/// </summary>
internal sealed class GetOperation
{
    private readonly byte _contextId;
    private readonly CGetRequest _request;
    private readonly NegotiatedAssociation _association;
    private readonly IReadOnlySet<string> _scpRoleSopClasses;
    private readonly Queue<RetrieveItem> _matches;
    private readonly IRetrieveSource _source;
    private readonly QueryContext _queryContext;
    private readonly SubOperationTally _tally = new("get");
    private readonly OutgoingMessageIds _messageIds;
    private string _current = "";
    private (byte ContextId, ushort MessageId) _currentRequest;
    private bool _cancelled;
    private bool _pendingDue;

    public GetOperation(
        byte contextId,
        CGetRequest request,
        NegotiatedAssociation association,
        IReadOnlySet<string> scpRoleSopClasses,
        IReadOnlyList<RetrieveItem> matches,
        IRetrieveSource source,
        QueryContext queryContext,
        OutgoingMessageIds messageIds)
    {
        _source = source;
        _queryContext = queryContext;
        _messageIds = messageIds;
        _contextId = contextId;
        _request = request;
        _association = association;
        _scpRoleSopClasses = scpRoleSopClasses;
        _matches = new Queue<RetrieveItem>(matches);
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    /// <summary>True while a C-STORE-RQ is out and its response has not come back: nothing to send until it does.</summary>
    public bool AwaitingStoreResponse { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>
    /// The peer's C-STORE-RSP to the current sub-operation (PS3.4 C.4.3.3: its status decides the counts). PS3.7 9.3.1.2:
    /// it names the request's message id, on the request's context; any other is a protocol violation.
    /// </summary>
    /// <exception cref="DicomNetworkProtocolException">The response answers some other request.</exception>
    public void OnStoreResponse(byte contextId, CStoreResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!AwaitingStoreResponse || (contextId, response.MessageIdBeingRespondedTo) != _currentRequest)
        {
            throw new DicomNetworkProtocolException(
                Pdu.AbortReason.UnexpectedPdu,
                $"C-STORE-RSP to message {response.MessageIdBeingRespondedTo} on context {contextId}; the sub-operation outstanding is message {_currentRequest.MessageId} on context {_currentRequest.ContextId}");
        }

        AwaitingStoreResponse = false;
        _pendingDue = true;
        _tally.Record(response.Status, _current);
    }

    /// <summary>
    /// The next message to send: a pending C-GET-RSP, a C-STORE-RQ with its data set (an open file stream the caller
    /// sends and disposes), or the final C-GET-RSP with its identifier when sub-operations failed.
    /// </summary>
    public async ValueTask<(byte ContextId, DimseMessage Command, Stream? DataSet)> NextAsync(CancellationToken cancellationToken)
    {
        if (AwaitingStoreResponse)
        {
            throw new InvalidOperationException("a C-STORE sub-operation is still awaiting its response");
        }

        if (_pendingDue && !_cancelled && _matches.Count > 0)
        {
            _pendingDue = false;
            return (_contextId, Response(CGetStatus.Pending, (ushort)_matches.Count), null);
        }

        while (!_cancelled && _matches.TryDequeue(out var match))
        {
            if (await StartAsync(match, cancellationToken).ConfigureAwait(false) is { } store)
            {
                return store;
            }

            _tally.Fail(match.SopInstanceUid);
        }

        IsFinished = true;
        var (status, remaining, identifier) = _tally.Final(_cancelled, _matches.Count, _association.Contexts[_contextId].TransferSyntax);
        var final = Response(status, remaining) with
        {
            HasIdentifier = identifier is not null,
            FailedSopInstanceUids = _tally.FailedSopInstanceUids,
        };
        return (_contextId, final, identifier);
    }

    private CGetResponse Response(ushort status, ushort? remaining) =>
        new(_request.MessageId, _request.AffectedSopClassUid, status, remaining,
            SubOperationTally.Clamp(_tally.Completed), SubOperationTally.Clamp(_tally.Failed), SubOperationTally.Clamp(_tally.Warning));

    /// <summary>Opens and, when needed, converts one instance: its C-STORE-RQ and data set, or null when it cannot be sent.</summary>
    private async Task<(byte, DimseMessage, Stream?)?> StartAsync(RetrieveItem match, CancellationToken cancellationToken)
    {
        var instance = await RetrievedInstance.OpenAsync(_source, match, _queryContext, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return null;
        }

        if (ContextFor(instance) is not { } context)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        Stream dataSet;
        try
        {
            dataSet = await SyntaxConversion.ConvertAsync(instance.DataSet, instance.TransferSyntaxUid, context.TransferSyntax, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        AwaitingStoreResponse = true;
        _current = instance.SopInstanceUid;
        _currentRequest = (context.Id, _messageIds.Next());
        return (context.Id, new CStoreRequest(_currentRequest.MessageId, instance.SopClassUid, instance.SopInstanceUid, _request.Priority), dataSet);
    }

    private AcceptedPresentationContext? ContextFor(RetrievedInstance instance)
    {
        // PS3.7 D.3.3.4: the requestor must have proposed, and been granted, the SCP role for the storage SOP class.
        var granted = _scpRoleSopClasses.Contains(instance.SopClassUid)
            && _association.PeerUserInformation.RoleSelections.Any(r => r.SopClassUid == instance.SopClassUid && r.ScpRole);
        return granted
            ? SyntaxConversion.Choose(instance.TransferSyntaxUid, _association.Contexts.Values.Where(c => c.AbstractSyntax == instance.SopClassUid))
            : null;
    }
}
