namespace Peake.Dicom;

/// <summary>A value the writer may replace by a BulkDataURI (PS3.18 F.2.6).</summary>
/// <param name="Path">Where the element is: enclosing sequence tags and item indexes, e.g. "0040A730/0/7FE00010".</param>
/// <param name="Element">The element: a <see cref="DicomValueElement"/> or <see cref="DicomFragments"/>.</param>
/// <param name="Length">Length in bytes of what InlineBinary would hold.</param>
public sealed record DicomJsonBulkDataRequest(string Path, DicomElement Element, long Length)
{
    public DicomTag Tag => Element.Tag;

    public DicomVR VR => Element.VR;
}
