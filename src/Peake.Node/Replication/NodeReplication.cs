using Peake.DicomWeb;
using Peake.Node.Options;
using Peake.Replication;
using Peake.Replication.Nodes;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Node.Replication;

/// <summary>
/// What replication needs from this node's flags: its own <see cref="NodeInfo"/> (the address, site, transfer URL
/// and DICOM endpoint it advertises to the cluster, which `peake sites show` lists) and the transfer client with the
/// cluster secret.
/// </summary>
internal static class NodeReplication
{
    public static NodeInfo Self(NodeOptions options, BlobStore store)
    {
        var capacity = store.Capacity();
        return new NodeInfo(
            options.SelfAddress,
            options.Site,
            HttpBase(options),
            options.Host,
            options.DicomPort,
            options.Ingest.AeTitle,
            DicomWebUrl: HttpBase(options) + DicomWebOptions.DefaultBasePath,
            capacity.TotalBytes,
            capacity.FreeBytes);
    }

    /// <summary>http://host:port of the node's HTTP listener (IPv6 hosts in brackets), where peers fetch blobs.</summary>
    public static string HttpBase(NodeOptions options) =>
        new UriBuilder(Uri.UriSchemeHttp, options.Host, options.HttpPort).Uri.GetLeftPart(UriPartial.Authority);

    public static BlobTransferClient Client(string secret)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Peers come and go (restarts, DNS in real deployments): recycle pooled connections now and then.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // No whole-request timeout here: every caller passes its own deadline, one that grows with the blob's size
        // (ReplicationSettings.TransferDeadline) or that only expires when an inventory makes no progress. A fixed cap
        // would fail every transfer of a large enough object, for ever.
        return new BlobTransferClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, secret);
    }
}
