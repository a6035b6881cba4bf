namespace Peake.Dicom;

/// <summary>One UID of the PS3.6 Annex A registry. <see cref="Type"/> is PS3.6's UID Type, e.g. "SOP Class",
/// "Transfer Syntax", "Well-known frame of reference".</summary>
public sealed record DicomUidEntry(string Uid, string Name, string Keyword, string Type)
{
    public bool Retired { get; init; }
}
