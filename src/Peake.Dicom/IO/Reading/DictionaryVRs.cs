namespace Peake.Dicom;

/// <summary>TEMPORARY bridge to the data dictionary until it lands; returns no VR.</summary>
internal static class DictionaryVRs
{
    public static IReadOnlyList<DicomVR> For(DicomTag tag, string? privateCreator) => [];
}
