namespace Peake.Dicom;

/// <summary>A sequence of items (PS3.5 7.5). Each item is a nested data set.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null, bool undefinedLength = true, DicomVR? vr = null)
        : base(tag, vr ?? DicomVR.SQ)
    {
        Items = items is null ? [] : [.. items];
        UndefinedLength = undefinedLength;
    }

    public List<DicomDataset> Items { get; }

    /// <summary>Whether the sequence was (or is to be) encoded with undefined length and a delimitation item.</summary>
    public bool UndefinedLength { get; set; }
}
