using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-MOVE in progress (PS3.4 C.4.2.3): one new association from this SCP to the destination, proposing each stored
/// (SOP class, transfer syntax) pair of the matches, and one C-STORE per match naming the move originator. Each step
/// sends one sub-operation and yields a pending C-MOVE-RSP with the counts; the last yields the final one (0000H,
/// B000H, A702H when none could be sent, FE00H after a C-CANCEL, with the Failed SOP Instance UID List as its
/// identifier when any failed). A destination that cannot be reached (or whose TLS handshake fails) fails them all.
/// </summary>
internal sealed class MoveOperation : IAsyncDisposable
{
    // PS3.8 9.3.2.2: at most 128 presentation contexts, odd ids 1..255.
    private const int MaxContexts = 128;

    private readonly byte _contextId;
    private readonly CMoveRequest _request;
    private readonly string _localAeTitle;
    private readonly string _originatorAeTitle;
    private readonly MoveDestination _destination;
    private readonly IReadOnlyList<RetrieveMatch> _matches;
    private readonly TimeSpan _timeout;
    private readonly string _contextSyntax;
    private readonly Queue<RetrieveFile> _files = new();
    private DicomClientAssociation? _client;
    private bool _started;
    private readonly SubOperationTally _tally = new();
    private bool _cancelled;

    public MoveOperation(byte contextId, string contextSyntax, CMoveRequest request, string localAeTitle, string originatorAeTitle, MoveDestination destination, IReadOnlyList<RetrieveMatch> matches, TimeSpan timeout)
    {
        _contextId = contextId;
        _contextSyntax = contextSyntax;
        _request = request;
        _localAeTitle = localAeTitle;
        _originatorAeTitle = originatorAeTitle;
        _destination = destination;
        _matches = matches;
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

        if (!_cancelled && _files.TryDequeue(out var file))
        {
            await StoreAsync(file, cancellationToken).ConfigureAwait(false);
            if (!_cancelled && _files.Count > 0)
            {
                return (_contextId, Response(CGetStatus.Pending, (ushort)_files.Count), null);
            }
        }

        await DisposeAsync().ConfigureAwait(false);
        IsFinished = true;
        var (status, remaining, identifier) = _tally.Final(_cancelled, _files.Count, _contextSyntax);
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
        foreach (var match in _matches)
        {
            if (_tally.Read(match) is { } file)
            {
                _files.Enqueue(file);
            }
        }

        if (_files.Count == 0)
        {
            return;
        }

        var contexts = _files
            .Select(f => (f.SopClassUid, f.TransferSyntaxUid))
            .Distinct()
            .Take(MaxContexts)
            .Select((p, i) => new PresentationContextRequest((byte)(1 + (2 * i)), p.SopClassUid, [p.TransferSyntaxUid]))
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
            foreach (var file in _files)
            {
                _tally.Fail(file.SopInstanceUid);
            }

            _files.Clear();
        }
    }

    private async Task StoreAsync(RetrieveFile file, CancellationToken cancellationToken)
    {
        if (_client is not { State: UpperLayerState.Sta6Established } client)
        {
            _tally.Fail(file.SopInstanceUid);
            return;
        }

        try
        {
            var stream = file.TryOpenDataSet() ?? throw new IOException($"{file.Path} cannot be opened");
            await using (stream.ConfigureAwait(false))
            {
                var response = await client.StoreAsync(file.SopClassUid, file.SopInstanceUid, file.TransferSyntaxUid, stream, _originatorAeTitle, _request.MessageId, cancellationToken)
                    .ConfigureAwait(false);
                _tally.Record(response.Status, file.SopInstanceUid);
            }
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken) || e is UnauthorizedAccessException)
        {
            // A context the destination refused, an unreadable file or a broken association: this one fails.
            _tally.Fail(file.SopInstanceUid);
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
