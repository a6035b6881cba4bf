namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>
/// What an N-ACTION "Request Storage Commitment" asks (PS3.4 J.3.2.1): commitment to the <paramref name="References"/>
/// under <paramref name="TransactionUid"/>, from the AE titled <paramref name="CallingAeTitle"/>.
/// </summary>
public sealed record StorageCommitmentRequest(string CallingAeTitle, string TransactionUid, IReadOnlyList<SopReference> References);
