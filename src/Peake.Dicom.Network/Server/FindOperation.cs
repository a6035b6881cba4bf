using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-FIND in progress (PS3.4 C.4.1.3): yields one pending C-FIND-RSP per match, then the final one (success, FE00H
/// once a C-CANCEL-RQ for it arrived, or the query service's failure status). Matches are pulled one at a time from
/// an asynchronous source, so a cancel stops the work (the read model's paging), not only the sending. At the result
/// limit one more match is asked for: if there is one, the final response is A700H with an Error Comment saying the
/// list was cut (ADR 0034: Success would tell the user every match was sent, and a missing prior is a clinical risk);
/// then the source is disposed, so no more of it is read.
/// </summary>
internal sealed class FindOperation : IAsyncDisposable
{
    private readonly byte _contextId;
    private readonly CFindRequest _request;
    private readonly DicomTransferSyntax _syntax;
    private readonly Func<CancellationToken, IAsyncEnumerable<QueryEngine.Match>> _matches;
    private readonly QueryLevel _level;
    private readonly int _maxMatches;
    private readonly Action<int>? _limitReached;
    private IAsyncEnumerator<QueryEngine.Match>? _enumerator;
    private int _sent;
    private bool _cancelled;

    /// <param name="matches">The matches, produced with the token of the first <see cref="NextAsync"/> (the association's).</param>
    /// <param name="maxMatches">Most pending responses sent; null: every match.</param>
    /// <param name="limitReached">Told (with the count sent) when more than <paramref name="maxMatches"/> matched and the list was cut.</param>
    public FindOperation(
        byte contextId,
        CFindRequest request,
        DicomTransferSyntax syntax,
        QueryLevel level,
        Func<CancellationToken, IAsyncEnumerable<QueryEngine.Match>> matches,
        int? maxMatches = null,
        Action<int>? limitReached = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMatches ?? 1, 1, nameof(maxMatches));
        _contextId = contextId;
        _request = request;
        _syntax = syntax;
        _level = level;
        _matches = matches;
        _maxMatches = maxMatches ?? int.MaxValue;
        _limitReached = limitReached;
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>The next response to send: context, command and the identifier's bytes (null for the final one).</summary>
    public async ValueTask<(byte ContextId, DimseMessage Command, byte[]? Identifier)> NextAsync(CancellationToken cancellationToken)
    {
        var status = CFindStatus.Success;
        string? comment = null;
        var cut = false;
        try
        {
            _enumerator ??= _matches(cancellationToken).GetAsyncEnumerator(cancellationToken);
            // At the limit the source is asked for one more match only, to tell "exactly the limit" from "cut".
            if (!_cancelled && await _enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                if (_sent < _maxMatches)
                {
                    _sent++;
                    var match = _enumerator.Current;
                    var pending = match.OptionalKeysNotSupported ? CFindStatus.PendingOptionalKeysNotSupported : CFindStatus.Pending;
                    return (_contextId, new CFindResponse(_request.MessageId, _request.AffectedSopClassUid, pending, HasIdentifier: true), DicomWriter.ToBytes(match.Identifier, _syntax));
                }

                // A match past the limit: the list sent is not all of them, and the final response must say so.
                (status, comment, cut) = (CFindStatus.OutOfResources, $"more than {_maxMatches} matches; narrow the query", true);
            }
        }
        catch (QueryFailedException e)
        {
            // The source failed part-way (read model down): the matches sent stand, the final response says why it ended.
            (status, comment) = (e.Status, e.Message);
        }

        IsFinished = true;
        await DisposeAsync().ConfigureAwait(false);
        if (_cancelled)
        {
            status = CFindStatus.Cancel;
            comment = null;
        }
        else if (cut)
        {
            QueryRetrieveMetrics.FindLimitReached(_level);
            _limitReached?.Invoke(_sent);
        }

        QueryRetrieveMetrics.FindEnded(_level, status);
        return (_contextId, new CFindResponse(_request.MessageId, _request.AffectedSopClassUid, status, HasIdentifier: false, comment), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_enumerator is { } enumerator)
        {
            _enumerator = null;
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
