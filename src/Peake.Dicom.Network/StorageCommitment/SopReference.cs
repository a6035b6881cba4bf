namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>One item of a Referenced SOP Sequence (0008,1199): an instance named by its SOP class and instance UIDs.</summary>
public sealed record SopReference(string SopClassUid, string SopInstanceUid);
