using Peake.Cluster.Studies;
using Peake.Dicom;

namespace Peake.Ingest.Headers;

/// <summary>
/// The query-relevant top-level elements of a received header (ADR 0030, BRIEF6 1.2), encoded as Explicit VR Little
/// Endian for <see cref="RecordInstance.QueryAttributes"/>: (0008,0005) always (the bytes stay in the sender's
/// character set, so answers copy them untouched), short text of groups 0008–0040, the image geometry of group 0028,
/// short key sequences. Whole elements are dropped, never cut, in tag order once
/// <see cref="QueryAttributeLimits.MaxBytes"/> would be passed.
/// </summary>
internal static class QueryAttributeSelection
{
    private const int MaxTextValue = 1024;
    private const int MaxSequence = 4096;

    // The encoded size of an element is at most its value, one pad byte and a 12-byte explicit VR header.
    private const int HeaderAllowance = 13;

    private static readonly HashSet<uint> ImageGeometry = [0x00280002, 0x00280004, 0x00280008, 0x00280010, 0x00280011, 0x00280100];

    /// <summary>
    /// The required and unique keys of PS3.4 C.6.1.1/C.6.2.1 and the image geometry: kept before any optional element
    /// (here and in the walk), so a header crowded with long optional text still answers the common queries.
    /// </summary>
    internal static readonly HashSet<uint> Keys =
    [
        0x00080016, 0x00080018, 0x00080020, 0x00080030, 0x00080050, 0x00080060, 0x00080090, 0x00081030, 0x0008103E,
        0x00100010, 0x00100020, 0x00100021, 0x00100030, 0x00100040, 0x0020000D, 0x0020000E, 0x00200010, 0x00200011,
        0x00200013, 0x00280008, 0x00280010, 0x00280011, 0x00280100,
    ];

    private static readonly HashSet<uint> KeySequences = [0x00080051, 0x00081032, 0x00081110, 0x00081120, 0x00100024, 0x00101002, 0x00400275];

    public static byte[]? Encode(DicomDataset header)
    {
        var selected = new DicomDataset();
        var budget = QueryAttributeLimits.MaxBytes;
        foreach (var element in header.OrderBy(e => e.Tag == DicomTags.SpecificCharacterSet ? 0 : Keys.Contains(e.Tag.Value) ? 1 : 2))
        {
            var size = Size(element);
            if (size is null || size > budget)
                continue;
            budget -= size.Value;
            selected.Set(element);
        }
        if (selected.Count == 0)
            return null;
        var bytes = DicomWriter.ToBytes(selected, DicomTransferSyntax.ExplicitVRLittleEndian);
        return bytes.Length <= QueryAttributeLimits.MaxBytes ? bytes : null;
    }

    /// <summary>The encoded size of an element the selection keeps, or null when it keeps none of it.</summary>
    private static int? Size(DicomElement element)
    {
        var tag = element.Tag;
        var group = tag.Group;
        if (tag == DicomTags.SpecificCharacterSet && element is DicomValueElement charset)
            return (int)charset.Length + HeaderAllowance;
        if (group < 0x0008 || group > 0x0040 || (group & 1) == 1 || tag.Element == 0)
            return null;
        return element switch
        {
            DicomValueElement value when group == 0x0028 => ImageGeometry.Contains(tag.Value) ? (int)value.Length + HeaderAllowance : null,
            DicomValueElement { VR.IsString: true } value when value.VR != DicomVR.UN && value.Length <= MaxTextValue => (int)value.Length + HeaderAllowance,
            DicomSequence sequence when KeySequences.Contains(tag.Value) => SequenceSize(sequence),
            _ => null,
        };
    }

    private static int? SequenceSize(DicomSequence sequence)
    {
        var size = Encoded(sequence);
        return size <= MaxSequence ? (int)size : null;
    }

    // An upper bound of the explicit VR encoding: headers of 12 bytes, items and delimiters of 8, values padded.
    private static long Encoded(DicomElement element) => element switch
    {
        DicomSequence sequence => 12 + 8 + sequence.Items.Sum(item => 16 + item.Sum(Encoded)),
        DicomValueElement value => HeaderAllowance + value.Length,
        _ => MaxSequence + 1,
    };
}
