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

    private static readonly HashSet<uint> KeySequences = [0x00080051, 0x00081032, 0x00081110, 0x00081120, 0x00100024, 0x00101002, 0x00400275];

    public static byte[]? Encode(DicomDataset header)
    {
        var selected = new DicomDataset();
        var budget = QueryAttributeLimits.MaxBytes;
        foreach (var element in header.OrderBy(e => e.Tag == DicomTags.SpecificCharacterSet ? 0 : 1))
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
