namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>
/// One item of a Failed SOP Sequence (0008,1198), PS3.4 J.3.3.1: an instance the SCP did not commit to and why,
/// as a <see cref="CommitmentFailureReason"/> value of Failure Reason (0008,1197).
/// </summary>
public sealed record FailedSopReference(string SopClassUid, string SopInstanceUid, ushort FailureReason);
