namespace Peake.Dicom;

/// <summary>
/// Implicit VR data sets carry no VRs (PS3.5 7.1.3): the VR comes from the data dictionary, private tags are looked
/// up by their private creator, and the VRs PS3.6 leaves ambiguous are settled by PS3.5 A.1 and the pixel
/// description of the same data set.
/// </summary>
internal static class ImplicitVRLookup
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);

    public static DicomVR Resolve(DicomDataset dataset, DicomTag tag, bool undefinedLength)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag == PixelData)
        {
            // PS3.5 A.1: pixel data in implicit VR little endian is OW; undefined length can only be encapsulated.
            return undefinedLength ? DicomVR.OB : DicomVR.OW;
        }

        var creator = tag.IsPrivate ? dataset.GetPrivateCreator(tag) : null;
        if (tag.IsPrivate && creator is null)
        {
            return DicomVR.UN;
        }

        var vrs = DictionaryVRs.For(tag, creator);
        if (vrs.Count == 0)
        {
            return DicomVR.UN;
        }

        if (vrs.Count == 1)
        {
            return vrs[0];
        }

        if (vrs.Contains(DicomVR.SQ) && undefinedLength)
        {
            return DicomVR.SQ;
        }

        if (vrs.Contains(DicomVR.US) && vrs.Contains(DicomVR.SS))
        {
            // PS3.5 C.7.6.3.1.4 style: signedness follows Pixel Representation (1 = two's complement).
            var rep = dataset.GetValues<ushort>(PixelRepresentation);
            return rep.Length > 0 && rep[0] == 1 ? DicomVR.SS : DicomVR.US;
        }

        // OB or OW, and US or OW (LUT data): OW, as PS3.5 A.1 requires of OB/OW data in implicit VR; else the first listed.
        return vrs.Contains(DicomVR.OW) ? DicomVR.OW : vrs[0];
    }
}
