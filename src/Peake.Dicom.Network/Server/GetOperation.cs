using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-GET in progress (PS3.4 C.4.3.3): each matched instance goes back as a C-STORE sub-operation on the same
/// association, on a context the requestor proposed for its SOP class in the stored transfer syntax and with the SCP
/// role granted to it (PS3.7 D.3.3.4); without one the sub-operation fails. After each C-STORE-RSP a pending
/// C-GET-RSP carries the counts; the final one says 0000H, B000H (some failed), A702H (none sent) or FE00H (cancelled).
/// </summary>
internal sealed class GetOperation
{
    private readonly byte _contextId;
    private readonly CGetRequest _request;
    private readonly NegotiatedAssociation _association;
    private readonly IReadOnlySet<string> _scpRoleSopClasses;
    private readonly Queue<string> _paths;
    private readonly int _total;
    private ushort _nextMessageId = 1;
    private int _completed;
    private int _failed;
    private int _warning;
    private bool _cancelled;
    private bool _pendingDue;

    public GetOperation(byte contextId, CGetRequest request, NegotiatedAssociation association, IReadOnlySet<string> scpRoleSopClasses, IReadOnlyList<string?> paths)
    {
        _contextId = contextId;
        _request = request;
        _association = association;
        _scpRoleSopClasses = scpRoleSopClasses;
        _paths = new Queue<string>(paths.Select(p => p ?? ""));
        _total = paths.Count;
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    /// <summary>True while a C-STORE-RQ is out and its response has not come back: nothing to send until it does.</summary>
    public bool AwaitingStoreResponse { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>The peer's C-STORE-RSP to the current sub-operation (PS3.4 C.4.3.3: its status decides the counts).</summary>
    public void OnStoreResponse(ushort status)
    {
        AwaitingStoreResponse = false;
        _pendingDue = true;
        if (DimseStatus.IsSuccess(status))
        {
            _completed++;
        }
        else if (DimseStatus.IsWarning(status))
        {
            _warning++;
        }
        else
        {
            _failed++;
        }
    }

    /// <summary>The next message to send: a pending C-GET-RSP, a C-STORE-RQ with its data set, or the final C-GET-RSP.</summary>
    public (byte ContextId, DimseMessage Command, byte[]? DataSet) Next()
    {
        if (AwaitingStoreResponse)
        {
            throw new InvalidOperationException("a C-STORE sub-operation is still awaiting its response");
        }

        if (_pendingDue && !_cancelled && _paths.Count > 0)
        {
            _pendingDue = false;
            return (_contextId, Response(CGetStatus.Pending, (ushort)_paths.Count), null);
        }

        while (!_cancelled && _paths.TryDequeue(out var path))
        {
            var file = path.Length == 0 ? null : RetrieveFile.TryRead(path);
            var context = file is null ? null : ContextFor(file);
            if (file is null || context is null)
            {
                _failed++;
                continue;
            }

            byte[] dataSet;
            try
            {
                dataSet = file.ReadDataSet();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failed++;
                continue;
            }

            AwaitingStoreResponse = true;
            return (context.Id, new CStoreRequest(_nextMessageId++, file.SopClassUid, file.SopInstanceUid, _request.Priority), dataSet);
        }

        IsFinished = true;
        // PS3.4 C.4.3.1.4: remaining is only sent on pending (and cancel) responses.
        var status = _cancelled ? CGetStatus.Cancel
            : _failed == 0 && _warning == 0 ? CGetStatus.Success
            : _completed == 0 && _warning == 0 ? CGetStatus.UnableToPerformSubOperations
            : CGetStatus.CompletedWithFailures;
        return (_contextId, Response(status, _cancelled ? (ushort)_paths.Count : null), null);
    }

    private CGetResponse Response(ushort status, ushort? remaining) =>
        new(_request.MessageId, _request.AffectedSopClassUid, status, remaining, Clamp(_completed), Clamp(_failed), Clamp(_warning));

    private static ushort Clamp(int count) => (ushort)Math.Min(count, ushort.MaxValue);

    private AcceptedPresentationContext? ContextFor(RetrieveFile file)
    {
        // PS3.7 D.3.3.4: the requestor must have proposed, and been granted, the SCP role for the storage SOP class.
        var granted = _scpRoleSopClasses.Contains(file.SopClassUid)
            && _association.PeerUserInformation.RoleSelections.Any(r => r.SopClassUid == file.SopClassUid && r.ScpRole);
        return granted
            ? _association.Contexts.Values.FirstOrDefault(c => c.AbstractSyntax == file.SopClassUid && c.TransferSyntax == file.TransferSyntaxUid)
            : null;
    }
}
