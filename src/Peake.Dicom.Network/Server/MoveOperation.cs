using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-MOVE in progress (PS3.4 C.4.2.3): one new association from this SCP to the destination, proposing each stored
/// (SOP class, transfer syntax) pair of the matches and, per SOP class, a fallback context in Explicit and Implicit VR
/// LE (an uncompressed instance the destination does not take as stored is converted, <see cref="SyntaxConversion"/>),
/// and one C-STORE per match naming the move originator. Each step
/// sends one sub-operation and yields a pending C-MOVE-RSP with the counts; the last yields the final one (0000H,
/// B000H, A702H when none could be sent, FE00H after a C-CANCEL, with the Failed SOP Instance UID List as its
/// identifier when any failed). A destination that cannot be reached (or whose TLS handshake fails) fails them all.
/// </summary>
internal sealed class MoveOperation : IAsyncDisposable
{
    // PS3.8 9.3.2.2: at most 128 presentation contexts, odd ids 1..255.
    private const int MaxContexts = 128;

    private static readonly string[] FallbackSyntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    private readonly byte _contextId;
    private readonly CMoveRequest _request;
    private readonly string _localAeTitle;
    private readonly string _originatorAeTitle;
    private readonly MoveDestination _destination;
    private readonly TimeSpan _timeout;
    private readonly string _contextSyntax;
    private readonly Queue<RetrieveItem> _items;
    private readonly IRetrieveSource _source;
    private readonly QueryContext _queryContext;
    private DicomClientAssociation? _client;
    private bool _started;
    private readonly SubOperationTally _tally = new("move");
    private bool _cancelled;

    public MoveOperation(
        byte contextId,
        string contextSyntax,
        CMoveRequest request,
        string localAeTitle,
        MoveDestination destination,
        IReadOnlyList<RetrieveItem> matches,
        IRetrieveSource source,
        QueryContext queryContext,
        TimeSpan timeout)
    {
        _source = source;
        _queryContext = queryContext;
        _originatorAeTitle = queryContext.CallingAeTitle;
        _items = new Queue<RetrieveItem>(matches);
        _contextId = contextId;
        _contextSyntax = contextSyntax;
        _request = request;
        _localAeTitle = localAeTitle;
        _destination = destination;
        _timeout = timeout;
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>Performs the next sub-operation and returns the response to send: pending, or the final one.</summary>
    public async ValueTask<(byte ContextId, DimseMessage Command, Stream? DataSet)> NextAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_cancelled && _items.TryDequeue(out var item))
        {
            await StoreAsync(item, cancellationToken).ConfigureAwait(false);
            if (!_cancelled && _items.Count > 0)
            {
                return (_contextId, Response(CGetStatus.Pending, (ushort)_items.Count), null);
            }
        }

        await DisposeAsync().ConfigureAwait(false);
        IsFinished = true;
        var (status, remaining, identifier) = _tally.Final(_cancelled, _items.Count, _contextSyntax);
        var final = Response(status, remaining) with
        {
            HasIdentifier = identifier is not null,
            FailedSopInstanceUids = _tally.FailedSopInstanceUids,
        };
        return (_contextId, final, identifier);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            try
            {
                if (client.State == UpperLayerState.Sta6Established)
                {
                    await client.ReleaseAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (IsNetworkFailure(e, CancellationToken.None))
            {
                // The stores are done; a failed release changes none of their outcomes.
            }

            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_items.Count == 0)
        {
            return;
        }

        // PS3.8 9.3.2.2 allows several contexts per abstract syntax: the stored syntaxes first, then a fallback.
        var proposals = _items
            .Where(f => f.SopClassUid.Length > 0 && f.TransferSyntaxUid.Length > 0)
            .Select(f => (f.SopClassUid, Syntaxes: new[] { f.TransferSyntaxUid }))
            .DistinctBy(p => (p.SopClassUid, p.Syntaxes[0]))
            .ToList();
        proposals.AddRange(proposals.Select(p => p.SopClassUid).Distinct().Select(c => (c, FallbackSyntaxes)).ToList());
        var contexts = proposals
            .Take(MaxContexts)
            .Select((p, i) => new PresentationContextRequest((byte)(1 + (2 * i)), p.SopClassUid, p.Syntaxes))
            .ToArray();
        var request = new AssociationRequest
        {
            CallingAeTitle = _localAeTitle,
            CalledAeTitle = _request.MoveDestination,
            PresentationContexts = contexts,
            ConnectTimeout = _timeout,
            ResponseTimeout = _timeout,
        };
        try
        {
            _client = await DicomClientAssociation.OpenAsync(_destination.Host, _destination.Port, request, _destination.Tls, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken))
        {
            foreach (var item in _items)
            {
                _tally.Fail(item.SopInstanceUid);
            }

            _items.Clear();
        }
    }

    private async Task StoreAsync(RetrieveItem item, CancellationToken cancellationToken)
    {
        if (_client is not { State: UpperLayerState.Sta6Established } client)
        {
            _tally.Fail(item.SopInstanceUid);
            return;
        }

        try
        {
            var instance = await RetrievedInstance.OpenAsync(_source, item, _queryContext, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"no readable copy of {item.SopInstanceUid}");
            await using (instance.ConfigureAwait(false))
            {
                var context = SyntaxConversion.Choose(instance.TransferSyntaxUid, client.Association.Contexts.Values.Where(c => c.AbstractSyntax == instance.SopClassUid))
                    ?? throw new InvalidOperationException($"{instance.SopClassUid} in {instance.TransferSyntaxUid}: no context the destination accepted fits");
                var stream = await SyntaxConversion.ConvertAsync(instance.DataSet, instance.TransferSyntaxUid, context.TransferSyntax, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var response = await client.StoreAsync(instance.SopClassUid, instance.SopInstanceUid, context.TransferSyntax, stream, _originatorAeTitle, _request.MessageId, cancellationToken)
                        .ConfigureAwait(false);
                    _tally.Record(response.Status, instance.SopInstanceUid);
                }
            }
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken) || e is UnauthorizedAccessException or DicomParseException)
        {
            // No copy, no fitting context, an unreadable data set or a broken association: this one fails.
            _tally.Fail(item.SopInstanceUid);
        }
    }

    private CMoveResponse Response(ushort status, ushort? remaining) =>
        new(_request.MessageId, _request.AffectedSopClassUid, status, remaining,
            SubOperationTally.Clamp(_tally.Completed), SubOperationTally.Clamp(_tally.Failed), SubOperationTally.Clamp(_tally.Warning));

    /// <summary>What a sub-operation's peer or file can cause; only the server's own shutdown goes on up.</summary>
    private static bool IsNetworkFailure(Exception e, CancellationToken cancellationToken) =>
        e is IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException or System.Security.Authentication.AuthenticationException
            or DicomNetworkProtocolException or DicomAssociationAbortedException or DicomAssociationRejectedException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
