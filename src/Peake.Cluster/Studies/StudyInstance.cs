using MessagePack;

namespace Peake.Cluster.Studies;

/// <summary>
/// One instance of a series as the study records it: its newest version's content (<see cref="Hash"/> empty for an
/// instance recorded before hashes were) and, oldest first, the hashes of older versions kept under
/// <see cref="DuplicatePolicy.KeepBoth"/>. Travels only inside a <see cref="StudySeries"/>.
/// </summary>
[MessagePackObject]
public sealed record StudyInstance(
    [property: Key(0)] string SopInstanceUid,
    [property: Key(1)] string SopClassUid,
    [property: Key(2)] string TransferSyntaxUid,
    [property: Key(3)] string Hash,
    [property: Key(4)] long Size,
    [property: Key(5)] string[] OlderHashes)
{
    public bool Equals(StudyInstance? other) =>
        other is not null && SopInstanceUid == other.SopInstanceUid && SopClassUid == other.SopClassUid
        && TransferSyntaxUid == other.TransferSyntaxUid && Hash == other.Hash && Size == other.Size
        && OlderHashes.SequenceEqual(other.OlderHashes);

    public override int GetHashCode() => HashCode.Combine(SopInstanceUid, Hash, Size);
}
