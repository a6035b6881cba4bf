namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// A well-formed request this library does not serve yet (C-FIND, C-MOVE, ...): kept so the SCP can answer it with
/// status 0211H instead of aborting, and can skip its data set.
/// </summary>
public sealed record UnsupportedDimseRequest(DimseCommandField Field, ushort MessageId, string? AffectedSopClassUid, bool DataSetFollows) : DimseMessage
{
    public override DimseCommandField CommandField => Field;

    public override bool HasDataSet => DataSetFollows;
}
