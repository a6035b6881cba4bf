namespace Peake.Node.Options;

/// <summary>What one peake-node is told by its flags and environment (see <see cref="NodeOptionsParser"/>).</summary>
internal sealed record NodeOptions(
    string Site,
    string Host,
    int RemotingPort,
    int HttpPort,
    int DicomPort,
    IReadOnlyList<string> Seeds,
    string DataDir,
    DatabaseKind Db,
    string? DbConnection,
    string? ConfigDir,
    string? TokenFile,
    IReadOnlyList<string> HoconOverrides)
{
    /// <summary>This node's Akka address; the cluster's ActorSystem is always named "peake".</summary>
    public string SelfAddress => $"akka.tcp://peake@{Host}:{RemotingPort}";
}
