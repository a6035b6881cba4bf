using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom scp --port P --dir D [--aet AE] [--calling-ae AE,...|--accept-any-calling-ae] [--bind ADDRESS]
/// [--move-destination AE=HOST:PORT]... [--no-fsync] [TLS and timeout options]`: a folder-backed storage and
/// query/retrieve SCP (C-ECHO, C-STORE, C-FIND over the stored headers, C-GET, C-MOVE to the configured destinations,
/// Storage Commitment answered from the folder, its reports sent on a new association to a requestor listed as a move
/// destination when the asking one is gone) on <see cref="DicomServer"/> and <see cref="FolderStore"/>, like dcmtk's
/// storescp. Runs until SIGINT or SIGTERM, then stops accepting, lets open associations end and exits 0.
/// `--no-fsync` is UNSAFE and only for benchmarks: success is then answered before an instance is on disk, and
/// storage commitment is not offered (N-ACTION answered 0211H), since nothing could honestly be committed.
/// </summary>
internal static class ScpCommand
{
    private const string AcceptAnyCallingAe = "--accept-any-calling-ae";

    private const string MoveDestinationOption = "--move-destination";

    // Unsafe: only to compare with stores that do not sync (docs/decisions/0014-store-durability.md).
    private const string NoFsync = "--no-fsync";

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(
            args,
            ["--port", "--dir", "--aet", "--calling-ae", "--bind", MoveDestinationOption, NetworkPeer.ConnectTimeoutOption, NetworkPeer.TimeoutOption, .. TlsFiles.Options],
            [AcceptAnyCallingAe, NoFsync, TlsFiles.TlsSwitch, TlsFiles.RequireClientCertificateSwitch]);
        var acceptAnyCaller = a.Switch(AcceptAnyCallingAe);
        var tls = TlsFiles.Server(a);
        // With --tls the associations this node opens (C-MOVE, commitment reports) are TLS too (ADR 0010).
        var outboundTls = TlsFiles.Outbound(tls);
        var destinations = new Dictionary<string, MoveDestination>(StringComparer.Ordinal);
        foreach (var value in a.Values(MoveDestinationOption))
        {
            var (ae, destination) = ParseMoveDestination(value);
            destinations[ae] = destination with { Tls = outboundTls };
        }

        if (a.Positional.Count != 0)
        {
            throw new UsageException($"unexpected argument '{a.Positional[0]}'");
        }

        var port = NetworkPeer.ParsePort(a.Option("--port") ?? throw new UsageException("--port is required (0: any free port)"), allowZero: true);
        var directory = a.Option("--dir") ?? throw new UsageException("--dir is required");
        var aeTitle = NetworkPeer.ParseAeTitle(a.Option("--aet") ?? "PEAKE", "--aet");
        var address = a.Option("--bind") is { } bind
            ? IPAddress.TryParse(bind, out var ip) ? ip : throw new UsageException($"--bind '{bind}' is not an IP address")
            : IPAddress.Any;
        var isCallerKnown = CallingAePolicy(acceptAnyCaller, a.Option("--calling-ae"));

        var options = new DicomServerOptions
        {
            Tls = tls,
            Acceptor = new AcceptorOptions
            {
                AeTitle = aeTitle,
                Syntaxes = ScpSyntaxes.Build(),
                IsCallingAeTitleKnown = isCallerKnown,
                // C-GET sends its matches back as C-STORE sub-operations, the requestor acting as storage SCP.
                RequestorScpRoleSopClasses = StorageSopClasses.All,
            },
            Address = address,
            Port = port,
            MoveDestinations = destinations,
        };
        using var store = new FolderStore(directory, durable: !a.Switch(NoFsync), preparedFiles: FolderStore.DefaultPreparedFiles);
        options = options with
        {
            // --connect-timeout: ARTIM, the time a new connection has for the TLS handshake and its A-ASSOCIATE-RQ;
            // --timeout: the longest silence in an association.
            ArtimTimeout = NetworkPeer.ParseSeconds(a, NetworkPeer.ConnectTimeoutOption) ?? options.ArtimTimeout,
            IdleTimeout = NetworkPeer.ParseSeconds(a, NetworkPeer.TimeoutOption) ?? options.IdleTimeout,
            // The known AEs with addresses are also where commitment reports go on a new association (ADR 0013).
            StorageCommitment = new StorageCommitmentOptions
            {
                // Commitment is never promised for data not durable: with --no-fsync, N-ACTION is answered 0211H.
                Handler = store.Durable ? new FolderCommitmentHandler(store.Index) : null,
                Requestors = destinations,
                ReportAbandoned = (ae, report, why) =>
                    Console.Error.WriteLine($"peake dicom scp: storage commitment report of transaction {report.TransactionUid} for {ae} abandoned: {why}"),
                ReportTls = outboundTls,
            },
        };
        return ServeAsync(options, store, stdout).GetAwaiter().GetResult();
    }

    /// <summary>"AE=HOST:PORT" (the last colon splits, so an IPv6 host in brackets works).</summary>
    private static (string AeTitle, MoveDestination Destination) ParseMoveDestination(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        var colon = value.LastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1)
        {
            throw new UsageException($"{MoveDestinationOption} '{value}' is not AE=HOST:PORT");
        }

        var ae = NetworkPeer.ParseAeTitle(value[..equals], MoveDestinationOption);
        var host = value[(equals + 1)..colon].Trim('[', ']');
        var port = NetworkPeer.ParsePort(value[(colon + 1)..], allowZero: false);
        return (ae, new MoveDestination(host, port));
    }

    /// <summary>
    /// PS3.8 Table 9-21 reason 3: an unknown calling AE is rejected. An archive on an open network should know its
    /// peers, so accepting anyone has to be asked for explicitly.
    /// </summary>
    private static Func<string, bool> CallingAePolicy(bool acceptAny, string? list)
    {
        if (acceptAny && list is not null)
        {
            throw new UsageException($"give either --calling-ae or {AcceptAnyCallingAe}, not both");
        }

        if (acceptAny)
        {
            return _ => true;
        }

        if (list is null)
        {
            throw new UsageException($"say which calling AE titles may connect: --calling-ae AE[,AE...] or {AcceptAnyCallingAe}");
        }

        var known = list.Split(',').Select(t => NetworkPeer.ParseAeTitle(t, "--calling-ae")).ToHashSet(StringComparer.Ordinal);
        return known.Contains;
    }

    private static async Task<int> ServeAsync(DicomServerOptions options, FolderStore store, TextWriter stdout)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            // Handled here: the process ends through the orderly path below, not the runtime's default exit.
            context.Cancel = true;
            stop.Cancel();
        }

        // Registered before the port is printed, so a signal sent as soon as it is read is already handled.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var server = new DicomServer(options, store, store.Index, store.Index);
        await using (server.ConfigureAwait(false))
        {
            try
            {
                server.Start();
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"peake dicom scp: cannot listen on {options.Address}:{options.Port}: {e.Message}");
                return CommandTable.ExitFailure;
            }

            if (!store.Durable)
            {
                Console.Error.WriteLine($"peake dicom scp: {NoFsync}: instances are acknowledged before they are on disk; a crash or power cut can lose them; storage commitment is not offered (N-ACTION answered 0211H)");
            }

            stdout.WriteLine($"peake dicom scp: {options.Acceptor.AeTitle} listening on {options.Address} port {server.Port}, storing into {store.Directory}");
            stdout.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT or SIGTERM.
            }

            stdout.WriteLine("peake dicom scp: stopping");
        }

        if (server.FaultedConnections > 0)
        {
            Console.Error.WriteLine($"peake dicom scp: {server.FaultedConnections} connection(s) ended in an internal fault, the last: {server.LastFault?.Message}");
        }

        return 0;
    }
}
