namespace Peake.Dicom;

/// <summary>
/// Computes how many bytes elements, items and groups take in a given encoding, for defined-length sequences and
/// items and for group lengths. Item lengths are cached per write, so nested defined-length sequences cost one walk
/// of the tree rather than one per nesting level.
/// </summary>
internal sealed class DicomEncodedLengths
{
    private readonly DicomGroupLengthMode _groupLengths;
    private Dictionary<DicomDataset, long>? _explicitItems;
    private Dictionary<DicomDataset, long>? _implicitItems;

    public DicomEncodedLengths(DicomGroupLengthMode groupLengths)
    {
        _groupLengths = groupLengths;
    }

    /// <summary>Bytes of a whole element: header and value (and delimiters, for undefined lengths).</summary>
    public long Element(DicomElement element, bool explicitVR)
    {
        if (element.Tag.IsGroupLength && _groupLengths != DicomGroupLengthMode.Keep)
        {
            // Recomputed group lengths are written as UL of 4 bytes (short header in both encodings).
            return _groupLengths == DicomGroupLengthMode.Remove ? 0 : DicomEncodingRules.ShortHeader + 4;
        }

        switch (element)
        {
            case DicomValueElement value:
                var padded = DicomEncodingRules.Padded(value.Length);
                return DicomEncodingRules.HeaderSize(DicomEncodingRules.ValueVR(value.VR, padded), explicitVR) + padded;
            case DicomSequence sequence:
                var body = SequenceValue(sequence, explicitVR);
                var delimiter = DicomEncodingRules.IsUndefinedLength(sequence) ? DicomEncodingRules.ShortHeader : 0;
                return DicomEncodingRules.HeaderSize(DicomEncodingRules.SequenceVR(sequence), explicitVR) + body + delimiter;
            case DicomFragments fragments:
                var total = (long)DicomEncodingRules.HeaderSize(DicomEncodingRules.FragmentsVR(fragments), explicitVR);
                total += DicomEncodingRules.ShortHeader + DicomEncodingRules.Padded(fragments.OffsetTable.Length);
                foreach (var fragment in fragments.Fragments)
                {
                    total += DicomEncodingRules.ShortHeader + DicomEncodingRules.Padded(fragment.Length);
                }

                return total + DicomEncodingRules.ShortHeader;
            default:
                throw new NotSupportedException($"cannot encode element type {element.GetType().Name} ({element.Tag})");
        }
    }

    /// <summary>Bytes of a sequence's items, each with its item header and delimiter (the sequence's value length).</summary>
    public long SequenceValue(DicomSequence sequence, bool explicitVR)
    {
        var itemsExplicit = DicomEncodingRules.ItemsExplicit(sequence, explicitVR);
        long total = 0;
        foreach (var item in sequence.Items)
        {
            total += DicomEncodingRules.ShortHeader + ItemContent(item, itemsExplicit);
            if (item.UndefinedLength)
            {
                total += DicomEncodingRules.ShortHeader;
            }
        }

        return total;
    }

    /// <summary>Bytes of an item's elements (the item's value length when defined).</summary>
    public long ItemContent(DicomDataset item, bool explicitVR)
    {
        var cache = explicitVR ? _explicitItems ??= new(ReferenceEqualityComparer.Instance) : _implicitItems ??= new(ReferenceEqualityComparer.Instance);
        if (cache.TryGetValue(item, out var known))
        {
            return known;
        }

        long total = 0;
        foreach (var element in item)
        {
            total += Element(element, explicitVR);
        }

        cache[item] = total;
        return total;
    }

    /// <summary>PS3.5 7.2: the bytes following the group length element up to the end of its group.</summary>
    public long Group(DicomDataset dataset, ushort group, bool explicitVR)
    {
        long total = 0;
        foreach (var element in dataset)
        {
            if (element.Tag.Group > group)
            {
                break;
            }

            if (element.Tag.Group == group && !element.Tag.IsGroupLength)
            {
                total += Element(element, explicitVR);
            }
        }

        return total;
    }
}
