namespace Peake.Dicom;

/// <summary>The VRs the data dictionary gives a tag (several where PS3.6 leaves the choice to the encoder).</summary>
internal static class DictionaryVRs
{
    public static IReadOnlyList<DicomVR> For(DicomTag tag, string? privateCreator)
    {
        var entry = tag.IsPrivate
            ? privateCreator is null ? null : DicomDictionary.LookupPrivate(tag, privateCreator)
            : DicomDictionary.Lookup(tag);
        return entry?.VRs ?? [];
    }
}
