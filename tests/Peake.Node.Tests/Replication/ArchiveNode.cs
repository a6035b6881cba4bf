using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// One site's archive node as the acceptance tests see it: its process (replaced when restarted), its data folder
/// (where the blob files are checked), and the DICOM endpoint hospitals send to. The endpoint, address and folder
/// stay the same across restarts, as a supervisor restarting a crashed node keeps them.
/// </summary>
internal sealed class ArchiveNode(NodeProcess process, string aeTitle)
{
    public NodeProcess Process { get; set; } = process;

    public string Site => Process.Site;

    public string Ip => Process.Ip;

    /// <summary>The node's identity in copies and reports (its Akka address).</summary>
    public string Address => Process.Address;

    public string DataDir => Process.DataDir;

    public int DicomPort => Process.DicomPort;

    /// <summary>The called AE title of its DICOM gateway.</summary>
    public string AeTitle { get; } = aeTitle;

    /// <summary>"host:port" of its management HTTP, as `peake --node` takes it.</summary>
    public string Management => $"{Ip}:{Process.HttpPort}";

    public Uri HttpBase => new($"http://{Ip}:{Process.HttpPort}");

    public bool Down { get; set; }

    public override string ToString() => $"{Site} ({Address})";
}
