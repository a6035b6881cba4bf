using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A DICOM acceptor on a TCP port (plain System.Net.Sockets; see ADR 0008). Each connection runs its own
/// <see cref="AcceptorAssociation"/>. Two limits: <see cref="DicomServerOptions.MaxConnections"/> sockets (past it a
/// connection is closed unread) and <see cref="DicomServerOptions.MaxAssociations"/> associations (past it the
/// A-ASSOCIATE-RQ is answered with A-ASSOCIATE-RJ transient, local limit exceeded).
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IStoreHandler _store;
    private readonly IQueryService? _query;
    private readonly IRetrieveSource? _retrieve;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly AssociationSlots _slots;
    private readonly SslStreamCertificateContext? _tlsCertificate;
    private Task? _acceptLoop;
    private int _active;
    private int _faults;
    private int _failedHandshakes;
    private Exception? _lastFault;

    /// <param name="query">What C-FIND, C-GET and C-MOVE ask (PS3.4 C.4); null: they are answered 0211H.</param>
    /// <param name="retrieve">Where C-GET and C-MOVE read the instances; null: they are answered 0211H.</param>
    public DicomServer(DicomServerOptions options, IStoreHandler store, IQueryService? query = null, IRetrieveSource? retrieve = null)
    {
        _query = query;
        _retrieve = retrieve;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFindMatches ?? 1, 1, nameof(options));
        // One bound and one set of background commitment tasks for the whole server (ADR 0013).
        _options = options.StorageCommitment is { } commitment
            ? options with { StorageCommitment = commitment with { Work = new CommitmentWork(commitment.MaxOutstandingTransactions, _stopping.Token) } }
            : options;
        _store = store;
        _listener = new TcpListener(options.Address, options.Port);
        _slots = new AssociationSlots(options.MaxAssociations);
        _tlsCertificate = options.Tls is null ? null : DicomTls.CertificateContext(options.Tls);
    }

    /// <summary>The port listened on (the OS-assigned one when the options said 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections open right now, associated or not.</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    /// <summary>
    /// Connections that ended with an exception other than a transport failure: a defect here, never the peer's doing
    /// (a peer's protocol errors end in A-ABORT). Counted, with the last one kept, until logging is wired in.
    /// </summary>
    public int FaultedConnections => Volatile.Read(ref _faults);

    public Exception? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>TLS handshakes that failed or timed out; those connections were closed before any PDU was read.</summary>
    public int FailedTlsHandshakes => Volatile.Read(ref _failedHandshakes);

    /// <summary>Associations negotiated or established right now.</summary>
    public int ActiveAssociations => _slots.Used;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        Task[] running;
        lock (_gate)
        {
            running = [.. _connections];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        if (_options.StorageCommitment?.Work is { } work)
        {
            // Every association has ended, so each pending report is now with a delivery, which stopping cut short.
            await work.DrainAsync(_options.StorageCommitment.ShutdownGrace).ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed between SYN and accept (reset by the peer): keep listening.
                continue;
            }
            var task = ServeAsync(socket, cancellationToken);
            lock (_gate)
            {
                _connections.Add(task);
            }
            _ = task.ContinueWith(
                t =>
                {
                    lock (_gate)
                    {
                        _connections.Remove(t);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (Interlocked.Increment(ref _active) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _active);
            socket.Dispose();
            return;
        }
        try
        {
            // Small request/response PDUs must not wait for Nagle's algorithm.
            socket.NoDelay = true;
            await using var network = new NetworkStream(socket, ownsSocket: true);
            await using var tls = _tlsCertificate is null ? null : await HandshakeAsync(network, _tlsCertificate, cancellationToken).ConfigureAwait(false);
            if (_tlsCertificate is not null && tls is null)
            {
                return;
            }
            var association = new AcceptorAssociation(tls ?? (Stream)network, _options, _store, _slots, _query, _retrieve);
            await association.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The transport failed or the server is stopping: the connection is over either way, and any
            // unfinished store was discarded by the association.
        }
        catch (Exception e)
        {
            // One connection's defect must not take the server down; it is counted and kept for diagnosis.
            Volatile.Write(ref _lastFault, e);
            Interlocked.Increment(ref _faults);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>PS3.15 B.1: the TLS handshake, bounded like Sta2 by ARTIM; null when it failed (counted, not a fault).</summary>
    private async Task<SslStream?> HandshakeAsync(NetworkStream network, SslStreamCertificateContext certificate, CancellationToken cancellationToken)
    {
        try
        {
            return await DicomTls.AuthenticateAsServerAsync(network, _options.Tls!, certificate, _options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedHandshakes);
            return null;
        }
    }
}
