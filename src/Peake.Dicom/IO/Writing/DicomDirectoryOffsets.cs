using System.Buffers.Binary;

namespace Peake.Dicom;

/// <summary>
/// Keeps a DICOMDIR's record offsets pointing at its records when a write moves them (docs/decisions/0007-dicomdir-offsets.md).
/// PS3.3 F.3.2.1 / Table F.3-3: (0004,1200) and (0004,1202) at the top level, and (0004,1400) and (0004,1420) in each
/// item of the Directory Record Sequence (0004,1220), hold the byte offset from the first byte of the file (preamble
/// included) to a record's item tag, 0 meaning none. A new meta group length, implicit VR's shorter headers or
/// recomputed lengths move the records, so the values read are stale in the new file.
/// <para>
/// The plan: each record read from a file knows where its item was (<see cref="DicomDataset.SourceOffset"/>), so an
/// old offset names a record; the record's new position is the length of everything written before it, computed with
/// the writer's own length rules. The offsets are UL values whose length never changes, so positions can be computed
/// before writing and the new values substituted as the encoder writes them; the encoder then checks each record
/// lands where it was planned. The data set itself is not modified. An old offset that names no record fails the
/// write rather than become a pointer to something else.
/// </para>
/// </summary>
internal sealed class DicomDirectoryOffsets
{
    /// <summary>PS3.4 Annex B / PS3.6 Table A-1: Media Storage Directory Storage, the SOP Class of a DICOMDIR.</summary>
    public const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    private static readonly DicomTag FirstRecord = new(0x0004, 0x1200);
    private static readonly DicomTag LastRecord = new(0x0004, 0x1202);
    private static readonly DicomTag RecordSequence = new(0x0004, 0x1220);
    private static readonly DicomTag NextRecord = new(0x0004, 0x1400);
    private static readonly DicomTag LowerLevel = new(0x0004, 0x1420);

    private readonly Dictionary<DicomValueElement, byte[]> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<DicomDataset, long> _positions = new(ReferenceEqualityComparer.Instance);

    private DicomDirectoryOffsets()
    {
    }

    /// <summary>
    /// Plans the offsets of <paramref name="dataset"/> written after <paramref name="datasetStart"/> bytes (preamble,
    /// "DICM" and meta group) in <paramref name="syntax"/>; null when there is nothing to map.
    /// </summary>
    /// <exception cref="InvalidOperationException">An offset names no record of the data set as it was read.</exception>
    public static DicomDirectoryOffsets? Plan(DicomDataset dataset, long datasetStart, DicomTransferSyntax syntax, DicomGroupLengthMode groupLengths)
    {
        IReadOnlyList<DicomDataset> records = (dataset[RecordSequence] as DicomSequence)?.Items ?? (IReadOnlyList<DicomDataset>)[];
        var plan = new DicomDirectoryOffsets();
        if (records.Count > 0)
        {
            plan.PlaceRecords(dataset, records, datasetStart, syntax.IsExplicitVR, groupLengths);
        }

        var oldToRecord = IndexBySourceOffset(records);
        plan.Map(dataset, FirstRecord, "the top level", records, oldToRecord);
        plan.Map(dataset, LastRecord, "the top level", records, oldToRecord);
        for (var i = 0; i < records.Count; i++)
        {
            plan.Map(records[i], NextRecord, $"record {i + 1}", records, oldToRecord);
            plan.Map(records[i], LowerLevel, $"record {i + 1}", records, oldToRecord);
        }

        return plan._values.Count > 0 ? plan : null;
    }

    /// <summary>The value to write instead of <paramref name="element"/>'s own, when it is a planned offset.</summary>
    public bool TryGetValue(DicomValueElement element, out byte[] value) => _values.TryGetValue(element, out value!);

    /// <summary>Fails the write if a record is about to be written anywhere but where its offsets say.</summary>
    public void CheckPosition(DicomDataset item, long position)
    {
        if (_positions.TryGetValue(item, out var planned) && planned != position)
        {
            throw new InvalidOperationException(
                $"DICOMDIR record planned at byte {planned} is written at byte {position}: its offsets would be wrong (a length rule of the writer and of {nameof(DicomDirectoryOffsets)} disagree)");
        }
    }

    // New position of each record: the data set's elements before (0004,1220) in the encoder's order, the sequence
    // header, then each item with its header and delimiter. Group 0002 is skipped, as the file writer skips it.
    private void PlaceRecords(DicomDataset dataset, IReadOnlyList<DicomDataset> records, long datasetStart, bool explicitVR, DicomGroupLengthMode groupLengths)
    {
        var lengths = new DicomEncodedLengths(groupLengths);
        var position = datasetStart;
        foreach (var element in dataset)
        {
            if (element.Tag == RecordSequence)
            {
                break;
            }

            if (element.Tag.Group != 0x0002)
            {
                position += lengths.Element(element, explicitVR);
            }
        }

        var sequence = (DicomSequence)dataset[RecordSequence]!;
        position += DicomEncodingRules.HeaderSize(DicomEncodingRules.SequenceVR(sequence), explicitVR);
        var itemsExplicit = DicomEncodingRules.ItemsExplicit(sequence, explicitVR);
        foreach (var record in records)
        {
            _positions[record] = position;
            position += DicomEncodingRules.ShortHeader + lengths.ItemContent(record, itemsExplicit);
            if (record.UndefinedLength)
            {
                position += DicomEncodingRules.ShortHeader;
            }
        }
    }

    // Old position -> record index; -1 where two records claim one position (items copied from another file).
    private static Dictionary<long, int> IndexBySourceOffset(IReadOnlyList<DicomDataset> records)
    {
        var index = new Dictionary<long, int>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].SourceOffset is { } old && !index.TryAdd(old, i))
            {
                index[old] = -1;
            }
        }

        return index;
    }

    private void Map(DicomDataset holder, DicomTag tag, string where, IReadOnlyList<DicomDataset> records, Dictionary<long, int> oldToRecord)
    {
        if (holder[tag] is not DicomValueElement element || element.Length == 0)
        {
            return; // absent or empty: nothing points anywhere
        }

        if (element.Length != 4 || !element.IsLoaded)
        {
            throw new InvalidOperationException($"DICOMDIR offset {tag} in {where} is {element.Length} bytes, not one 32-bit value (PS3.3 Table F.3-3: UL, VM 1)");
        }

        var old = BinaryPrimitives.ReadUInt32LittleEndian(element.Bytes.Span);
        if (old == 0)
        {
            return; // PS3.3 F.3.2.1: 0 means no such record, and stays 0
        }

        if (!oldToRecord.TryGetValue(old, out var target) || target < 0)
        {
            var why = target < 0 ? "where two records claim that position" : "where no directory record began in the file it was read from";
            throw new InvalidOperationException(
                $"DICOMDIR offset {tag} in {where} is {old}, {why}: the rewritten file would point at the wrong bytes (PS3.3 F.3.2.1); fix the offset or set it to 0");
        }

        var position = _positions[records[target]];
        if (position > uint.MaxValue)
        {
            throw new InvalidOperationException($"DICOMDIR record {target + 1} would start at byte {position}, beyond what a 32-bit offset holds");
        }

        var value = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)position);
        _values[element] = value;
    }
}
