using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server.StorageCommitment;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// The DIMSE side of one accepted association: turns whole commands and streamed data set fragments into the
/// responses to send. One operation at a time (the negotiated asynchronous window is 1), so at most one store sink
/// is open; it is disposed unfinished if the association ends first.
/// </summary>
internal sealed class DimseServiceProvider : IAsyncDisposable
{
    private static readonly DicomReadOptions IdentifierReadOptions = new()
    {
        MaxDepth = 16,
        ReadTruncatedContainers = false,
        LazyThreshold = long.MaxValue,
        MaxValueLength = 64 * 1024,
    };

    private readonly NegotiatedAssociation _association;
    private readonly IStoreHandler _store;
    private readonly IQueryService? _query;
    private readonly IRetrieveSource? _retrieve;
    private readonly PDataReassembler _reassembler;
    private IStoreSink? _sink;
    private DimseMessage? _pending;
    private BoundedDataSetBuffer? _identifier;
    private FindOperation? _find;
    private GetOperation? _get;
    private MoveOperation? _move;
    private readonly DicomServerOptions? _options;
    private readonly StorageCommitmentScp _commitment;
    private readonly OutgoingMessageIds _messageIds = new();

    /// <param name="query">What C-FIND, C-GET and C-MOVE ask; null: they are answered 0211H.</param>
    /// <param name="retrieve">Where C-GET and C-MOVE read instances; null: they are answered 0211H.</param>
    public DimseServiceProvider(
        NegotiatedAssociation association, IStoreHandler store, IQueryService? query = null, IRetrieveSource? retrieve = null, DicomServerOptions? options = null)
    {
        _association = association;
        _options = options;
        _store = store;
        _query = query;
        _retrieve = retrieve;
        _reassembler = new PDataReassembler(association.Contexts);
        _commitment = new StorageCommitmentScp(association, _reassembler, options?.StorageCommitment, options?.Acceptor.AeTitle ?? association.CalledAeTitle.Trim(), _messageIds);
    }

    /// <summary>Largest C-FIND, C-GET or C-MOVE identifier taken: keys are short, so anything bigger is refused (A700H), not buffered.</summary>
    public const int MaxIdentifierLength = 1024 * 1024;

    /// <summary>True when no message is half received: the point where a release is orderly.</summary>
    public bool IsIdle => _reassembler.IsBetweenMessages && _sink is null && _identifier is null && !_commitment.IsCollecting;

    /// <summary>
    /// True while a C-FIND or C-GET has messages ready to send (<see cref="NextOutgoing"/>), or a storage commitment
    /// report is due; a C-GET waiting for the peer's C-STORE-RSP has none until it arrives.
    /// </summary>
    public bool HasOutgoing => _find is not null || _move is not null || _get is { AwaitingStoreResponse: false } || CommitmentReportDue;

    /// <summary>
    /// Completes when a storage commitment report is decided, so it goes out without waiting for the peer's next PDU;
    /// null when none waits, or when a decided one waits for another operation to end (the peer's PDUs end it).
    /// </summary>
    public Task? WhenOutgoing => _commitment.HasOutgoing && !CommitmentReportDue ? null : _commitment.WhenOutgoing;

    /// <summary>A decided storage commitment report goes out only between operations (PS3.4 J.3.3).</summary>
    private bool CommitmentReportDue => _commitment.HasOutgoing && IsIdle && _find is null && _move is null && _get is null;

    /// <summary>The next C-FIND response, or C-GET sub-operation or response, to send; the last one ends the operation.</summary>
    public async ValueTask<(byte ContextId, DimseMessage Command, Stream? DataSet)> NextOutgoingAsync(CancellationToken cancellationToken)
    {
        if (CommitmentReportDue)
        {
            return _commitment.NextOutgoing();
        }

        if (_move is { } move)
        {
            var response = await move.NextAsync(cancellationToken).ConfigureAwait(false);
            if (move.IsFinished)
            {
                _move = null;
            }

            return response;
        }

        if (_get is { } get)
        {
            var message = await get.NextAsync(cancellationToken).ConfigureAwait(false);
            if (get.IsFinished)
            {
                _get = null;
            }

            return message;
        }

        var find = _find ?? throw new InvalidOperationException("no C-FIND running");
        var (contextId, command, identifier) = await find.NextAsync(cancellationToken).ConfigureAwait(false);
        if (find.IsFinished)
        {
            _find = null;
        }

        return (contextId, command, identifier is null ? null : new MemoryStream(identifier, writable: false));
    }

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
        if (_identifier is not null)
        {
            return await TakeIdentifierAsync(fragment, cancellationToken).ConfigureAwait(false);
        }
        if (_commitment.IsCollecting)
        {
            return _commitment.TakeDataSet(fragment);
        }
        await WriteAsync(fragment.Data, cancellationToken).ConfigureAwait(false);
        if (!fragment.IsLast)
        {
            return null;
        }
        var status = await _sink!.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var comment = _sink.ErrorComment;
        await DisposeSinkAsync().ConfigureAwait(false);
        var request = _pending!;
        _pending = null;
        return (fragment.PresentationContextId, request switch
        {
            CStoreRequest store => new CStoreResponse(store.MessageId, store.AffectedSopClassUid, store.AffectedSopInstanceUid, status, comment),
            UnsupportedDimseRequest other => new DimseStatusResponse(other.CommandField | (DimseCommandField)0x8000, other.MessageId, other.AffectedSopClassUid, status),
            _ => throw new InvalidOperationException($"no response for {request.GetType().Name}"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        _commitment.End();
        if (_find is { } find)
        {
            _find = null;
            await find.DisposeAsync().ConfigureAwait(false);
        }

        _get = null;
        _identifier = null;
        if (_move is { } move)
        {
            _move = null;
            await move.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeSinkAsync().ConfigureAwait(false);
    }

    /// <summary>Collects a C-FIND, C-GET or C-MOVE identifier; once whole, starts the operation or answers its failure at once.</summary>
    private async ValueTask<(byte, DimseMessage)?> TakeIdentifierAsync(PDataFragment fragment, CancellationToken cancellationToken)
    {
        var buffer = _identifier!;
        if (!buffer.Take(fragment))
        {
            return null;
        }

        var request = _pending!;
        _identifier = null;
        _pending = null;
        var contextId = fragment.PresentationContextId;
        if (buffer.Refusal is { } refusal)
        {
            return (contextId, Failure(request, refusal.Status, refusal.Comment));
        }

        try
        {
            var context = _association.Contexts[contextId];
            var syntax = DicomTransferSyntax.Parse(context.TransferSyntax);
            DicomDataset identifier;
            using (var stream = buffer.OpenRead())
            {
                identifier = DicomReader.ReadDataset(stream, syntax, IdentifierReadOptions);
            }

            return await StartAsync(request, context, syntax, identifier, cancellationToken).ConfigureAwait(false) is { } failure ? (contextId, failure) : null;
        }
        catch (QueryFailedException e)
        {
            return (contextId, Failure(request, e.Status, e.Message));
        }
        catch (Exception e) when (e is DicomParseException or ArgumentException or FormatException)
        {
            return (contextId, Failure(request, CFindStatus.UnableToProcess, $"unreadable identifier: {e.Message}"));
        }
    }

    /// <summary>Starts the operation <paramref name="request"/> asks for; returns its failure response when it cannot start.</summary>
    private async ValueTask<DimseMessage?> StartAsync(
        DimseMessage request, AcceptedPresentationContext context, DicomTransferSyntax syntax, DicomDataset identifier, CancellationToken cancellationToken)
    {
        var service = _query!;
        var asking = new QueryContext(_association.CallingAeTitle.Trim(), _association.CalledAeTitle.Trim());
        switch (request)
        {
            case CFindRequest find:
                var query = CFindQuery.Parse(find.AffectedSopClassUid, identifier) with { CombinedDateTime = _association.CombinedDateTimeSopClasses.Contains(find.AffectedSopClassUid) };
                var limitReached = _options?.FindLimitReached;
                _find = new FindOperation(
                    context.Id, find, syntax, query.Level, ct => QueryEngine.FindAsync(query, service.CandidatesAsync(query, asking, ct), ct),
                    _options?.MaxFindMatches, limitReached is null ? null : sent => limitReached(new FindLimitReached(asking, query.Level, sent)));
                return null;
            case CGetRequest get:
                var matches = await service.ResolveAsync(CFindQuery.Parse(get.AffectedSopClassUid, identifier, retrieve: true), asking, cancellationToken).ConfigureAwait(false);
                _get = new GetOperation(
                    context.Id, get, _association, _options?.Acceptor.RequestorScpRoleSopClasses ?? new HashSet<string>(), matches, _retrieve!, asking, _messageIds);
                return null;
            case CMoveRequest move:
                var destinations = _options?.MoveDestinations;
                if (destinations is null || !destinations.TryGetValue(move.MoveDestination, out var destination))
                {
                    return Failure(move, CMoveResponse.MoveDestinationUnknown, $"unknown move destination '{move.MoveDestination}'");
                }

                var moved = await service.ResolveAsync(CFindQuery.Parse(move.AffectedSopClassUid, identifier, retrieve: true), asking, cancellationToken).ConfigureAwait(false);
                _move = new MoveOperation(
                    context.Id, context.TransferSyntax, move, _options!.Acceptor.AeTitle, destination, moved, _retrieve!, asking, _options.MoveTimeout);
                return null;
            default:
                throw new InvalidOperationException($"no operation for {request.GetType().Name}");
        }
    }

    private static DimseMessage Failure(DimseMessage request, ushort status, string comment)
    {
        switch (request)
        {
            case CGetRequest get:
                return new CGetResponse(get.MessageId, get.AffectedSopClassUid, status, null, 0, 0, 0, comment);
            case CMoveRequest move:
                return new CMoveResponse(move.MessageId, move.AffectedSopClassUid, status, null, 0, 0, 0, comment);
            case CFindRequest find:
                // Refused before it started (the level may be what was wrong): counted with the finds that ran.
                QueryRetrieveMetrics.FindEnded(null, status);
                return new CFindResponse(find.MessageId, find.AffectedSopClassUid, status, HasIdentifier: false, comment);
            default:
                throw new InvalidOperationException($"no failure response for {request.GetType().Name}");
        }
    }

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
            case CCancelRequest cancel:
                // PS3.7 9.3.2.3: a cancel stops the C-FIND it names, whose final response is then FE00H; a cancel
                // naming nothing running is ignored, and C-CANCEL itself has no response.
                _reassembler.ExpectCommand();
                if (_find is { } running && running.MessageId == cancel.MessageIdBeingRespondedTo)
                {
                    running.Cancel();
                }
                if (_get is { } getting && getting.MessageId == cancel.MessageIdBeingRespondedTo)
                {
                    getting.Cancel();
                }
                if (_move is { } moving && moving.MessageId == cancel.MessageIdBeingRespondedTo)
                {
                    moving.Cancel();
                }
                return null;
            case CStoreResponse stored when _get is { AwaitingStoreResponse: true } awaiting:
                // The requestor's answer to a C-GET's C-STORE sub-operation (PS3.4 C.4.3.3).
                _reassembler.ExpectCommand();
                awaiting.OnStoreResponse(contextId, stored);
                return null;
            case CFindRequest find:
                ExpectIdentifier(context, find, find.MessageId, find.AffectedSopClassUid);
                return null;
            case CGetRequest get:
                ExpectIdentifier(context, get, get.MessageId, get.AffectedSopClassUid);
                return null;
            case CMoveRequest move:
                ExpectIdentifier(context, move, move.MessageId, move.AffectedSopClassUid);
                return null;
            case NActionRequest or NEventReportRequest or NEventReportResponse:
                return _commitment.OnCommand(contextId, command);
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
    /// A C-FIND, C-GET or C-MOVE: its identifier is collected (<see cref="TakeIdentifier"/>) and the operation starts
    /// once it is whole. PS3.7 9.1.2.1, 9.1.3.1, 9.1.4.1: the SOP class must be the context's; a wrong one is answered
    /// once the identifier is in. Without a query service (and for C-GET / C-MOVE a retrieve source) there is nothing to
    /// serve: the identifier is drained and answered 0211H.
    /// </summary>
    private void ExpectIdentifier(AcceptedPresentationContext context, DimseMessage request, ushort messageId, string sopClassUid)
    {
        _reassembler.ExpectDataSet();
        if (_query is null || (request is not CFindRequest && _retrieve is null))
        {
            _pending = new UnsupportedDimseRequest(request.CommandField, messageId, sopClassUid, DataSetFollows: true);
            _sink = RefusingStoreSink.UnrecognizedOperation;
            return;
        }

        _pending = request;
        // PS3.4 C.4.1.1.4 gives C-FIND A700H; C-GET and C-MOVE have no A700H, their nearest is A701H (C.4.2.1.5, C.4.3.1.4).
        var tooLong = request is CFindRequest ? CFindStatus.OutOfResources : CGetStatus.UnableToCalculateMatches;
        _identifier = new BoundedDataSetBuffer(MaxIdentifierLength, tooLong, "identifier too long");
        if (sopClassUid != context.AbstractSyntax)
        {
            _identifier.Refuse(DimseStatus.SopClassNotSupported, "SOP class differs from the presentation context's");
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
