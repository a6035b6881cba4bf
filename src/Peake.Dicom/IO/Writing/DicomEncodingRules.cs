namespace Peake.Dicom;

/// <summary>
/// Choices of VR and header shape shared by the length computation and the encoder, so both always agree on how
/// many bytes an element takes.
/// </summary>
internal static class DicomEncodingRules
{
    /// <summary>PS3.5 7.1.1: the reserved length value meaning "undefined length".</summary>
    public const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Largest even value length a 32-bit length field can carry (0xFFFFFFFF is reserved).</summary>
    public const long MaxLongLength = 0xFFFFFFFE;

    /// <summary>Largest even value length a 16-bit length field can carry.</summary>
    public const long MaxShortLength = 0xFFFE;

    /// <summary>Tag (4) and 32-bit length (4) of items, delimiters and every implicit VR element.</summary>
    public const int ShortHeader = 8;

    /// <summary>Explicit VR header of the long-length VRs: tag, VR, 2 reserved bytes, 32-bit length (PS3.5 7.1.2).</summary>
    public const int LongHeader = 12;

    public static long Padded(long length) => length + (length & 1);

    public static int HeaderSize(DicomVR vr, bool explicitVR) => explicitVR && vr.HasLongLength ? LongHeader : ShortHeader;

    /// <summary>
    /// The VR written for a plain value. PS3.5 6.2.2 (CP 1066): a value too long for the 16-bit length of its VR is
    /// encoded as UN in explicit VR syntaxes.
    /// </summary>
    public static DicomVR ValueVR(DicomVR vr, long paddedLength) =>
        !vr.HasLongLength && paddedLength > MaxShortLength ? DicomVR.UN : vr;

    /// <summary>
    /// The VR written for a sequence header: UN for a sequence read from an undefined-length UN value (its items are
    /// then implicit VR LE, PS3.5 6.2.2), otherwise SQ (or the sequence's own long VR).
    /// </summary>
    public static DicomVR SequenceVR(DicomSequence sequence) =>
        sequence.VR == DicomVR.UN || sequence.VR.HasLongLength ? sequence.VR : DicomVR.SQ;

    /// <summary>Items of a UN sequence are always implicit VR little endian, whatever the syntax around them.</summary>
    public static bool ItemsExplicit(DicomSequence sequence, bool explicitVR) => explicitVR && sequence.VR != DicomVR.UN;

    /// <summary>A UN sequence keeps undefined length: with a defined length it would read back as opaque UN bytes.</summary>
    public static bool IsUndefinedLength(DicomSequence sequence) => sequence.UndefinedLength || sequence.VR == DicomVR.UN;

    /// <summary>PS3.5 A.4: encapsulated pixel data is OB (or OW) with undefined length, which needs a long-length VR.</summary>
    public static DicomVR FragmentsVR(DicomFragments fragments) => fragments.VR.HasLongLength ? fragments.VR : DicomVR.OB;
}
