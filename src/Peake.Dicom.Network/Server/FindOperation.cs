using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-FIND in progress (PS3.4 C.4.1.3): yields one pending C-FIND-RSP per match, then the final one (success, or
/// FE00H once a C-CANCEL-RQ for it arrived). Matches are produced lazily so a cancel stops the work, not only the
/// sending.
/// </summary>
internal sealed class FindOperation : IDisposable
{
    private readonly byte _contextId;
    private readonly CFindRequest _request;
    private readonly DicomTransferSyntax _syntax;
    private readonly IEnumerator<QueryEngine.Match> _matches;
    private bool _cancelled;

    public FindOperation(byte contextId, CFindRequest request, DicomTransferSyntax syntax, IEnumerable<QueryEngine.Match> matches)
    {
        _contextId = contextId;
        _request = request;
        _syntax = syntax;
        _matches = matches.GetEnumerator();
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>The next response to send: context, command and the identifier's bytes (null for the final one).</summary>
    public (byte ContextId, DimseMessage Command, byte[]? Identifier) Next()
    {
        if (!_cancelled && _matches.MoveNext())
        {
            var match = _matches.Current;
            var status = match.OptionalKeysNotSupported ? CFindStatus.PendingOptionalKeysNotSupported : CFindStatus.Pending;
            return (_contextId, new CFindResponse(_request.MessageId, _request.AffectedSopClassUid, status, HasIdentifier: true), DicomWriter.ToBytes(match.Identifier, _syntax));
        }

        IsFinished = true;
        return (_contextId, new CFindResponse(_request.MessageId, _request.AffectedSopClassUid, _cancelled ? CFindStatus.Cancel : CFindStatus.Success, HasIdentifier: false), null);
    }

    public void Dispose() => _matches.Dispose();
}
