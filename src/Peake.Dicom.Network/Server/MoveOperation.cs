using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A C-MOVE in progress (PS3.4 C.4.2.3): one new association from this SCP to the destination, proposing each stored
/// (SOP class, transfer syntax) pair of the matches, and one C-STORE per match naming the move originator. Each step
/// sends one sub-operation and yields a pending C-MOVE-RSP with the counts; the last yields the final one (0000H,
/// B000H, A702H when none could be sent, FE00H after a C-CANCEL). A destination that cannot be reached fails them all.
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
    private readonly IReadOnlyList<string?> _paths;
    private readonly TimeSpan _timeout;
    private readonly Queue<RetrieveFile> _files = new();
    private DicomClientAssociation? _client;
    private bool _started;
    private int _completed;
    private int _failed;
    private int _warning;
    private bool _cancelled;

    public MoveOperation(byte contextId, CMoveRequest request, string localAeTitle, string originatorAeTitle, MoveDestination destination, IReadOnlyList<string?> paths, TimeSpan timeout)
    {
        _contextId = contextId;
        _request = request;
        _localAeTitle = localAeTitle;
        _originatorAeTitle = originatorAeTitle;
        _destination = destination;
        _paths = paths;
        _timeout = timeout;
    }

    public ushort MessageId => _request.MessageId;

    public bool IsFinished { get; private set; }

    public void Cancel() => _cancelled = true;

    /// <summary>Performs the next sub-operation and returns the response to send: pending, or the final one.</summary>
    public async ValueTask<(byte ContextId, DimseMessage Command, byte[]? DataSet)> NextAsync(CancellationToken cancellationToken)
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
        var status = _cancelled ? CGetStatus.Cancel
            : _failed == 0 && _warning == 0 ? CGetStatus.Success
            : _completed == 0 && _warning == 0 ? CGetStatus.UnableToPerformSubOperations
            : CGetStatus.CompletedWithFailures;
        return (_contextId, Response(status, _cancelled ? (ushort)_files.Count : null), null);
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
        foreach (var path in _paths)
        {
            if (path is not null && RetrieveFile.TryRead(path) is { } file)
            {
                _files.Enqueue(file);
            }
            else
            {
                _failed++;
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
            _client = await DicomClientAssociation.OpenAsync(_destination.Host, _destination.Port, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken))
        {
            _failed += _files.Count;
            _files.Clear();
        }
    }

    private async Task StoreAsync(RetrieveFile file, CancellationToken cancellationToken)
    {
        if (_client is not { State: UpperLayerState.Sta6Established } client)
        {
            _failed++;
            return;
        }

        try
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                stream.Seek(file.DataSetOffset, SeekOrigin.Begin);
                var response = await client.StoreAsync(file.SopClassUid, file.SopInstanceUid, file.TransferSyntaxUid, stream, _originatorAeTitle, _request.MessageId, cancellationToken)
                    .ConfigureAwait(false);
                if (DimseStatus.IsSuccess(response.Status))
                {
                    _completed++;
                }
                else if (DimseStatus.IsWarning(response.Status))
                {
                    _warning++;
                }
                else
                {
                    _failed++;
                }
            }
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken) || e is UnauthorizedAccessException)
        {
            // A context the destination refused, an unreadable file or a broken association: this one fails.
            _failed++;
        }
    }

    private CMoveResponse Response(ushort status, ushort? remaining) =>
        new(_request.MessageId, _request.AffectedSopClassUid, status, remaining, Clamp(_completed), Clamp(_failed), Clamp(_warning));

    private static ushort Clamp(int count) => (ushort)Math.Min(count, ushort.MaxValue);

    /// <summary>What a sub-operation's peer or file can cause; only the server's own shutdown goes on up.</summary>
    private static bool IsNetworkFailure(Exception e, CancellationToken cancellationToken) =>
        e is IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException
            or DicomNetworkProtocolException or DicomAssociationAbortedException or DicomAssociationRejectedException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
