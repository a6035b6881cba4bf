namespace Peake.Dicom;

/// <summary>A sequence of items (PS3.5 7.5). Each item is a nested data set.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null, bool undefinedLength = true, DicomVR? vr = null)
        : base(tag, vr ?? DicomVR.SQ)
    {
        Items = new DicomSequenceItems(this);
        foreach (var item in items ?? [])
        {
            Items.Add(item);
        }

        UndefinedLength = undefinedLength;
    }

    /// <summary>The items; an item added here takes the data set holding this sequence as its parent.</summary>
    public DicomSequenceItems Items { get; }

    /// <summary>Whether the sequence was (or is to be) encoded with undefined length and a delimitation item.</summary>
    public bool UndefinedLength { get; set; }

    /// <summary>
    /// The data set this sequence was last put in. Items inherit its Specific Character Set (PS3.5 7.5.3), so each
    /// item must know it, including items added after the sequence was placed.
    /// </summary>
    internal DicomDataset? Owner
    {
        get;
        set
        {
            field = value;
            foreach (var item in Items)
            {
                item.Parent = value;
            }
        }
    }
}
