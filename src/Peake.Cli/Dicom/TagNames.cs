using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>Keyword of a tag for listings, from the public or the private dictionary.</summary>
internal static class TagNames
{
    public static string Keyword(DicomTag tag, string? privateCreator = null)
    {
        if (tag.IsPrivateCreator)
        {
            return "PrivateCreator";
        }

        var entry = tag.IsPrivate
            ? privateCreator is null ? null : DicomDictionary.LookupPrivate(tag, privateCreator)
            : DicomDictionary.Lookup(tag);
        return entry?.Keyword ?? (tag.IsPrivate ? "PrivateTag" : "Unknown Tag & Data");
    }
}
