namespace Peake.Dicom;

/// <summary>
/// Encodes data sets, sequences, items and fragments in little endian, implicit or explicit VR (PS3.5 7). Values
/// are already little endian in memory, so a value is copied as is and only padded to even length.
/// </summary>
internal sealed class DicomDatasetEncoder
{
    private readonly LittleEndianOutput _out;
    private readonly DicomGroupLengthMode _groupLengths;
    private readonly DicomEncodedLengths _lengths;
    private readonly DicomDirectoryOffsets? _directory;

    /// <param name="directory">A DICOMDIR's planned record offsets: written instead of the values read, and each
    /// record's position checked against the plan as it is written.</param>
    public DicomDatasetEncoder(LittleEndianOutput output, DicomGroupLengthMode groupLengths, DicomDirectoryOffsets? directory = null)
    {
        _out = output;
        _groupLengths = groupLengths;
        _lengths = new DicomEncodedLengths(groupLengths);
        _directory = directory;
    }

    /// <summary>Encoded size of a data set's elements; used for the file meta group length.</summary>
    public long Length(DicomDataset dataset, bool explicitVR) => _lengths.ItemContent(dataset, explicitVR);

    /// <param name="skipFileMeta">PS3.10 7.1: group 0002 belongs to the file meta information, never to the data set.</param>
    public void WriteDataset(DicomDataset dataset, bool explicitVR, bool skipFileMeta = false)
    {
        foreach (var element in dataset)
        {
            if (skipFileMeta && element.Tag.Group == 0x0002)
            {
                continue;
            }

            if (element.Tag.IsGroupLength && _groupLengths != DicomGroupLengthMode.Keep)
            {
                if (_groupLengths == DicomGroupLengthMode.Recompute)
                {
                    WriteGroupLength(element.Tag, _lengths.Group(dataset, element.Tag.Group, explicitVR), explicitVR);
                }

                continue;
            }

            WriteElement(element, explicitVR);
        }
    }

    private void WriteElement(DicomElement element, bool explicitVR)
    {
        switch (element)
        {
            case DicomValueElement value:
                WriteValue(value, explicitVR);
                break;
            case DicomSequence sequence:
                WriteSequence(sequence, explicitVR);
                break;
            case DicomFragments fragments:
                WriteFragments(fragments, explicitVR);
                break;
            default:
                throw new NotSupportedException($"cannot encode element type {element.GetType().Name} ({element.Tag})");
        }
    }

    private void WriteGroupLength(DicomTag tag, long length, bool explicitVR)
    {
        CheckLongLength(length, tag, "group length");
        WriteHeader(tag, DicomVR.UL, 4, explicitVR);
        _out.WriteUInt32((uint)length);
    }

    private void WriteValue(DicomValueElement element, bool explicitVR)
    {
        var length = element.Length;
        var padded = DicomEncodingRules.Padded(length);
        CheckLongLength(padded, element.Tag, "value");
        WriteHeader(element.Tag, DicomEncodingRules.ValueVR(element.VR, padded), (uint)padded, explicitVR);
        WriteValueBytes(element);

        // PS3.5 7.1.1: values have even length; the pad byte depends on the VR (NUL for UI and binary, else space).
        if (padded != length)
        {
            _out.WriteByte(element.VR.Padding);
        }
    }

    private void WriteValueBytes(DicomValueElement element)
    {
        if (_directory is not null && _directory.TryGetValue(element, out var offset))
        {
            _out.WriteBytes(offset); // same length as the value it replaces: no length above changes
        }
        else if (element.Bulk is { } bulk)
        {
            using var source = bulk.Open();
            _out.CopyFrom(source, bulk.Length);
        }
        else
        {
            _out.WriteBytes(element.Bytes.Span);
        }
    }

    private void WriteSequence(DicomSequence sequence, bool explicitVR)
    {
        var undefined = DicomEncodingRules.IsUndefinedLength(sequence);
        var length = DicomEncodingRules.UndefinedLength;
        if (!undefined)
        {
            var defined = _lengths.SequenceValue(sequence, explicitVR);
            CheckLongLength(defined, sequence.Tag, "sequence");
            length = (uint)defined;
        }

        WriteHeader(sequence.Tag, DicomEncodingRules.SequenceVR(sequence), length, explicitVR);
        var itemsExplicit = DicomEncodingRules.ItemsExplicit(sequence, explicitVR);
        foreach (var item in sequence.Items)
        {
            WriteItem(item, itemsExplicit);
        }

        if (undefined)
        {
            WriteDelimiter(DicomTag.SequenceDelimitation);
        }
    }

    // PS3.5 7.5.2: items carry no VR in any syntax: tag (FFFE,E000) and a 32-bit length.
    private void WriteItem(DicomDataset item, bool explicitVR)
    {
        var length = DicomEncodingRules.UndefinedLength;
        if (!item.UndefinedLength)
        {
            var defined = _lengths.ItemContent(item, explicitVR);
            CheckLongLength(defined, DicomTag.Item, "item");
            length = (uint)defined;
        }

        _directory?.CheckPosition(item, _out.Position);
        _out.WriteTag(DicomTag.Item);
        _out.WriteUInt32(length);
        WriteDataset(item, explicitVR);
        if (item.UndefinedLength)
        {
            WriteDelimiter(DicomTag.ItemDelimitation);
        }
    }

    // PS3.5 A.4: undefined-length header, Basic Offset Table item, one item per fragment, sequence delimiter.
    private void WriteFragments(DicomFragments fragments, bool explicitVR)
    {
        WriteHeader(fragments.Tag, DicomEncodingRules.FragmentsVR(fragments), DicomEncodingRules.UndefinedLength, explicitVR);
        WriteFragmentItem(fragments.OffsetTable, fragments.Tag);
        foreach (var fragment in fragments.Fragments)
        {
            WriteFragmentItem(fragment, fragments.Tag);
        }

        WriteDelimiter(DicomTag.SequenceDelimitation);
    }

    private void WriteFragmentItem(DicomValueElement fragment, DicomTag owner)
    {
        var length = fragment.Length;
        var padded = DicomEncodingRules.Padded(length);
        CheckLongLength(padded, owner, "fragment");
        _out.WriteTag(DicomTag.Item);
        _out.WriteUInt32((uint)padded);
        WriteValueBytes(fragment);
        if (padded != length)
        {
            _out.WriteByte(0);
        }
    }

    private void WriteDelimiter(DicomTag tag)
    {
        _out.WriteTag(tag);
        _out.WriteUInt32(0);
    }

    // PS3.5 7.1.2 (explicit VR: 16-bit length, or 2 reserved bytes and a 32-bit length) and 7.1.3 (implicit VR).
    private void WriteHeader(DicomTag tag, DicomVR vr, uint length, bool explicitVR)
    {
        _out.WriteTag(tag);
        if (!explicitVR)
        {
            _out.WriteUInt32(length);
            return;
        }

        _out.WriteByte((byte)vr.Code[0]);
        _out.WriteByte((byte)vr.Code[1]);
        if (vr.HasLongLength)
        {
            _out.WriteUInt16(0);
            _out.WriteUInt32(length);
        }
        else
        {
            _out.WriteUInt16((ushort)length);
        }
    }

    private void CheckLongLength(long length, DicomTag tag, string what)
    {
        if (length > DicomEncodingRules.MaxLongLength)
        {
            throw new InvalidOperationException(
                $"{what} of {tag} is {length} bytes, more than a 32-bit length field holds; write it with undefined length (at output offset {_out.Position})");
        }
    }
}
