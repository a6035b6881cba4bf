namespace Peake.Dicom.Network.Query;

/// <summary>
/// One instance a retrieve names: enough to count sub-operations, pick a presentation context and open its bytes.
/// <paramref name="Locator"/> is the source's own handle (a file path, a blob hash).
/// </summary>
public sealed record RetrieveItem(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    string Locator,
    long Size);
