using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Replication.Nodes;

/// <summary>
/// What the cluster needs to know of one node to place copies on it and to send hospitals to it: its identity (the
/// Akka address), its site, where its blob transfer and DICOM endpoints listen, and its disk space. Each node's
/// <see cref="ReplicaActor"/> answers it; <see cref="INodeDirectory"/> keeps the live members' ones.
/// </summary>
/// <param name="FreeBytes">Bytes a new blob may still use (free disk minus the store's reserve).</param>
[MessagePackObject, PeakeManifest("repl-node")]
public sealed record NodeInfo(
    [property: Key(0)] string Address,
    [property: Key(1)] string Site,
    [property: Key(2)] string TransferUrl,
    [property: Key(3)] string DicomHost,
    [property: Key(4)] int DicomPort,
    [property: Key(5)] string DicomAeTitle,
    [property: Key(6)] string? DicomWebUrl,
    [property: Key(7)] long TotalBytes,
    [property: Key(8)] long FreeBytes) : IPeakeMessage
{
    /// <summary>The node is being drained: it receives no new copies (its own replica actor remembers the flag).</summary>
    [Key(9)]
    public bool Draining { get; init; }
}
