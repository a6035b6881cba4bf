using System.Collections.ObjectModel;

namespace Peake.Dicom;

/// <summary>The items of a <see cref="DicomSequence"/>: keeps each item's parent pointing at the sequence's data set.</summary>
public sealed class DicomSequenceItems : Collection<DicomDataset>
{
    private readonly DicomSequence _sequence;

    internal DicomSequenceItems(DicomSequence sequence) => _sequence = sequence;

    protected override void InsertItem(int index, DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_sequence.Owner is { } owner)
        {
            item.Parent = owner;
        }

        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_sequence.Owner is { } owner)
        {
            item.Parent = owner;
        }

        base.SetItem(index, item);
    }
}
