using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>Keyword of a tag for listings; TEMPORARY until the data dictionary lands.</summary>
internal static class TagNames
{
    public static string Keyword(DicomTag tag) => tag.IsPrivateCreator ? "PrivateCreator" : string.Empty;
}
