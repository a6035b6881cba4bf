namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// One file of the <see cref="InteropCorpus"/> with the keys a query can select it by, and whether it holds a
/// sequence of undefined length.
/// </summary>
internal sealed record InteropInstance(
    string PatientId, string PatientName, string StudyUid, string SeriesUid, string SopInstanceUid, string TransferSyntax, string Path, bool UndefinedLengths);
