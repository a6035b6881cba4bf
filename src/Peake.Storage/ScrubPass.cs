namespace Peake.Storage;

/// <summary>What one scrub pass did: blobs and bytes re-hashed, the corrupt blobs it found (now quarantined), its duration.</summary>
public sealed record ScrubPass(long Blobs, long Bytes, IReadOnlyList<string> Corrupt, TimeSpan Elapsed);
