namespace Peake.Dicom;

/// <summary>
/// Parses a data set (PS3.5 7) from a <see cref="ByteSource"/>. One reader reads one encoding; nested UN values of
/// undefined length switch to implicit VR little endian for their contents (PS3.5 6.2.2).
/// Every length is checked before it is trusted, nesting is capped, and any malformation becomes a
/// <see cref="DicomParseException"/> naming the offset and tag.
/// </summary>
public sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly ByteSource _source;
    private readonly DicomReadOptions _options;
    private readonly Func<Stream>? _reopen;
    private bool _bigEndian;
    private readonly long _fileOffsetBase;
    private bool _stopped;
    private long _elementCount;

    /// <param name="fileOffsetBase">Added to a source position to give the position from the first byte of the file,
    /// recorded on each item (<see cref="DicomDataset.SourceOffset"/>): minus the stream's start position, or for an
    /// inflated data set the length of the preamble and meta part before it.</param>
    internal DicomReader(ByteSource source, DicomReadOptions options, Func<Stream>? reopen, bool bigEndian, long fileOffsetBase = 0)
    {
        _source = source;
        _options = options;
        _reopen = reopen;
        _bigEndian = bigEndian;
        _fileOffsetBase = fileOffsetBase;
    }

    /// <summary>Reads a bare data set (no preamble, no file meta group) encoded in <paramref name="syntax"/>.</summary>
    public static DicomDataset ReadDataset(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var start = stream.CanSeek ? stream.Position : 0;
        Stream input;
        try
        {
            input = syntax.IsDeflated ? DicomFile.Inflate(stream) : stream;
        }
        catch (IOException e)
        {
            throw new DicomParseException($"unreadable data: {e.Message}", start, null, e);
        }

        long? end = !syntax.IsDeflated && stream.CanSeek ? stream.Length : null;
        var source = new ByteSource(input, syntax.IsDeflated ? 0 : start, end, syntax.IsDeflated ? options.MaxInflatedLength : long.MaxValue);
        var dataset = new DicomDataset();
        new DicomReader(source, options, null, syntax.IsBigEndian, syntax.IsDeflated ? 0 : -start).ReadTopLevel(dataset, syntax.IsExplicitVR);
        return dataset;
    }

    internal bool Stopped => _stopped;

    /// <summary>Reads elements into <paramref name="dataset"/> until the end of the data (or pixel data, when asked).</summary>
    internal void ReadTopLevel(DicomDataset dataset, bool explicitVR)
    {
        try
        {
            ReadElements(dataset, explicitVR, end: null, inUndefinedItem: false, depth: 0);
        }
        catch (DicomParseException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OverflowException or OutOfMemoryException or ArgumentException or InvalidOperationException)
        {
            throw new DicomParseException($"unreadable data: {e.Message}", _source.Position, null, e);
        }
    }

    private void ReadElements(DicomDataset dataset, bool explicitVR, long? end, bool inUndefinedItem, int depth)
    {
        while (true)
        {
            if (end is { } e && _source.Position >= e)
            {
                if (_source.Position > e)
                {
                    throw new DicomParseException("element runs past the end of its item", _source.Position, null);
                }

                return;
            }

            if (!_source.TryEnsure(4))
            {
                if (_source.AtEnd && end is null && !inUndefinedItem)
                {
                    return;
                }

                throw new DicomParseException(
                    inUndefinedItem ? "data ends inside an item that has no item delimitation" : "data ends inside an element header",
                    _source.Position,
                    null);
            }

            var tagOffset = _source.Position;
            var tag = new DicomTag(_source.ReadUInt16(_bigEndian), _source.ReadUInt16(_bigEndian));

            if (tag.Group == 0xFFFE)
            {
                var delimiterLength = _source.ReadUInt32(_bigEndian);
                if (tag == DicomTag.ItemDelimitation && inUndefinedItem)
                {
                    if (delimiterLength != 0)
                    {
                        throw new DicomParseException("item delimitation with a non-zero length", tagOffset, tag);
                    }

                    return;
                }

                if (tag == DicomTag.ItemDelimitation && depth == 0)
                {
                    // A stray item delimiter at the top level ends the data set, as dcmtk reads such files.
                    return;
                }

                throw new DicomParseException("delimiter or item tag where a data element was expected", tagOffset, tag);
            }

            if (depth == 0 && _options.StopAtPixelData && IsPixelData(tag))
            {
                _stopped = true;
                return;
            }

            CountElement(tagOffset);
            var element = ReadElement(dataset, tag, tagOffset, explicitVR, depth);
            if (element is not null)
            {
                dataset.Set(element);
            }
        }
    }

    private DicomElement? ReadElement(DicomDataset dataset, DicomTag tag, long tagOffset, bool explicitVR, int depth)
    {
        DicomVR vr;
        uint length;
        if (explicitVR)
        {
            if (!_source.TryEnsure(4))
            {
                throw new DicomParseException("data ends inside an element header", _source.Position, tag);
            }

            var code = _source.Peek(2);
            bool longForm;
            if (DicomVR.TryGet(code[0], code[1], out vr))
            {
                longForm = vr.HasLongLength;
            }
            else
            {
                // A VR this library does not know is read as UN, as dcmtk does: two capital letters look like a VR
                // of a later edition, which would have the long form; anything else keeps the short form.
                longForm = IsCapital(code[0]) && IsCapital(code[1]);
                vr = DicomVR.UN;
            }

            _source.Skip(2);
            if (longForm)
            {
                _source.Skip(2);
                length = _source.ReadUInt32(_bigEndian);
            }
            else
            {
                length = _source.ReadUInt16(_bigEndian);
            }
        }
        else
        {
            length = _source.ReadUInt32(_bigEndian);
            vr = ImplicitVRLookup.Resolve(dataset, tag, length == UndefinedLength);
        }

        var valueOffset = _source.Position;
        if (length == UndefinedLength)
        {
            if (vr == DicomVR.SQ)
            {
                return ReadSequence(dataset, tag, vr, explicitVR, end: null, depth);
            }

            if (vr == DicomVR.UN)
            {
                // PS3.5 6.2.2: a UN value of undefined length is a sequence encoded in implicit VR little endian,
                // even inside a big endian data set.
                var outer = _bigEndian;
                _bigEndian = false;
                try
                {
                    return ReadSequence(dataset, tag, vr, explicitVR: false, end: null, depth);
                }
                finally
                {
                    _bigEndian = outer;
                }
            }

            if (vr == DicomVR.OB || vr == DicomVR.OW)
            {
                return ReadFragments(tag, vr);
            }

            throw new DicomParseException($"undefined length on a {vr} element", valueOffset, tag);
        }

        if (vr == DicomVR.SQ)
        {
            return ReadSequence(dataset, tag, vr, explicitVR, ContainerEnd(valueOffset, length, tag), depth);
        }

        if (length > _source.Remaining)
        {
            throw new DicomParseException($"value length {length} runs past the end of the data ({_source.Remaining} bytes left)", valueOffset, tag);
        }

        return ReadValue(tag, vr, length, valueOffset);
    }

    /// <summary>
    /// Where a defined-length sequence or item ends. One that claims to run past the end of the data is read up to the
    /// end of the data when <see cref="DicomReadOptions.ReadTruncatedContainers"/> allows (as dcmtk reads such files);
    /// its elements must still end exactly there.
    /// </summary>
    private long ContainerEnd(long start, long length, DicomTag tag)
    {
        if (length <= _source.Remaining)
        {
            return start + length;
        }

        return _options.ReadTruncatedContainers && _source.KnownEnd is { } dataEnd
            ? dataEnd
            : throw new DicomParseException($"length {length} runs past the end of the data ({_source.Remaining} bytes left)", start, tag);
    }

    /// <summary>Pixel Data, Float Pixel Data or Double Float Pixel Data (PS3.6 group 7FE0): where a header ends.</summary>
    private static bool IsPixelData(DicomTag tag) => tag.Group == 0x7FE0 && tag.Element is 0x0008 or 0x0009 or 0x0010;

    /// <summary>
    /// Every element and item costs memory beyond its bytes; a few megabytes of deflated empty items could otherwise
    /// hold tens of gigabytes. The count is capped per read.
    /// </summary>
    private void CountElement(long offset)
    {
        if (++_elementCount > _options.MaxElements)
        {
            throw new DicomParseException($"more than {_options.MaxElements} elements and items", offset, null);
        }
    }

    private static bool IsCapital(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private DicomValueElement ReadValue(DicomTag tag, DicomVR vr, long length, long valueOffset)
    {
        var swap = _bigEndian && vr.UnitSize > 1;
        if (length > _options.LazyThreshold && _reopen is not null && !swap && _source.CanSeek)
        {
            _source.Skip(length);
            return new DicomValueElement(tag, vr, new DicomBulkData(_reopen, valueOffset, length));
        }

        if (length > _options.MaxValueLength)
        {
            throw new DicomParseException($"value of {length} bytes exceeds the {_options.MaxValueLength}-byte limit for values held in memory", valueOffset, tag);
        }

        var bytes = _source.ReadValue(length);
        if (swap)
        {
            ByteSwap.InPlace(bytes, vr.UnitSize);
        }

        return new DicomValueElement(tag, vr, bytes);
    }

    private DicomSequence ReadSequence(DicomDataset parent, DicomTag tag, DicomVR vr, bool explicitVR, long? end, int depth)
    {
        if (depth + 1 > _options.MaxDepth)
        {
            throw new DicomParseException($"sequences nested deeper than {_options.MaxDepth} levels", _source.Position, tag);
        }

        var sequence = new DicomSequence(tag, undefinedLength: end is null, vr: vr);
        while (true)
        {
            if (end is { } e && _source.Position >= e)
            {
                if (_source.Position > e)
                {
                    throw new DicomParseException("item runs past the end of its sequence", _source.Position, tag);
                }

                return sequence;
            }

            if (!_source.TryEnsure(8))
            {
                throw new DicomParseException(
                    end is null ? "data ends inside a sequence that has no sequence delimitation" : "data ends inside a sequence",
                    _source.Position,
                    tag);
            }

            var itemOffset = _source.Position;
            var itemTag = new DicomTag(_source.ReadUInt16(_bigEndian), _source.ReadUInt16(_bigEndian));
            var itemLength = _source.ReadUInt32(_bigEndian);
            if (itemTag == DicomTag.SequenceDelimitation && end is null)
            {
                return sequence;
            }

            if (itemTag != DicomTag.Item)
            {
                throw new DicomParseException($"expected an item in sequence {tag}, found {itemTag}", itemOffset, tag);
            }

            // The parent is known now, so an item's text and private creators resolve while it is read.
            var item = new DicomDataset(parent) { UndefinedLength = itemLength == UndefinedLength, SourceOffset = itemOffset + _fileOffsetBase };
            CountElement(itemOffset);
            sequence.Items.Add(item);
            if (itemLength == UndefinedLength)
            {
                ReadElements(item, explicitVR, end: null, inUndefinedItem: true, depth + 1);
            }
            else
            {
                var itemEnd = ContainerEnd(_source.Position, itemLength, tag);
                if (end is { } seqEnd && itemEnd > seqEnd)
                {
                    throw new DicomParseException($"item length {itemLength} runs past the end of its sequence", itemOffset, tag);
                }

                ReadElements(item, explicitVR, itemEnd, inUndefinedItem: false, depth + 1);
            }
        }
    }

    private DicomFragments ReadFragments(DicomTag tag, DicomVR vr)
    {
        // PS3.5 A.4: a Basic Offset Table item, then one item per fragment, then a sequence delimiter.
        DicomValueElement? offsetTable = null;
        var fragments = new List<DicomValueElement>();
        while (true)
        {
            if (!_source.TryEnsure(8))
            {
                throw new DicomParseException("data ends inside encapsulated pixel data", _source.Position, tag);
            }

            var itemOffset = _source.Position;
            var itemTag = new DicomTag(_source.ReadUInt16(_bigEndian), _source.ReadUInt16(_bigEndian));
            var itemLength = _source.ReadUInt32(_bigEndian);
            if (itemTag == DicomTag.SequenceDelimitation)
            {
                return new DicomFragments(tag, vr, offsetTable ?? new DicomValueElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty), fragments);
            }

            if (itemTag != DicomTag.Item)
            {
                throw new DicomParseException($"expected a fragment item, found {itemTag}", itemOffset, tag);
            }

            if (itemLength == UndefinedLength || itemLength > _source.Remaining)
            {
                throw new DicomParseException($"fragment length {itemLength} is undefined or runs past the end of the data", itemOffset, tag);
            }

            var fragment = ReadValue(DicomTag.Item, DicomVR.OB, itemLength, _source.Position);
            if (offsetTable is null)
            {
                offsetTable = fragment;
            }
            else
            {
                fragments.Add(fragment);
            }
        }
    }
}
