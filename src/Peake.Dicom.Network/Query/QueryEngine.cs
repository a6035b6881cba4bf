using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// Runs a <see cref="CFindQuery"/> over indexed instance headers. Matching is per instance: an instance matches when
/// every string key matches its attribute (<see cref="AttributeMatcher"/>), whatever level the key belongs to (a
/// lenient reading of PS3.4 C.4.1.3.1; keys of other levels are not refused). Matching instances are grouped by the
/// level's key (Patient ID, Study/Series/SOP Instance UID) and each group answers once, built from its first instance.
/// </summary>
public static class QueryEngine
{
    /// <summary>One pending response's identifier, and whether some key could not be used for matching (FF01H).</summary>
    public sealed record Match(DicomDataset Identifier, bool OptionalKeysNotSupported);

    public static IEnumerable<Match> Find(CFindQuery query, IEnumerable<DicomDataset> instances)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(instances);
        var keys = QueryKeys.Build(query.Identifier, query.CombinedDateTime, IsControl);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (keys.Matches(instance) && seen.Add(instance.GetString(query.LevelKey) ?? ""))
            {
                yield return new Match(Response(query, instance), keys.Unsupported);
            }
        }
    }

    /// <summary>
    /// PS3.4 C.4.2.2.1 / C.4.3.2.1: the instances a C-MOVE or C-GET identifier names — every instance matching its keys
    /// (the unique keys of the level and above, matched like C-FIND keys), not grouped.
    /// </summary>
    public static IEnumerable<DicomDataset> Retrieve(CFindQuery query, IEnumerable<DicomDataset> instances)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(instances);
        var keys = QueryKeys.Build(query.Identifier, query.CombinedDateTime, IsControl);
        return instances.Where(keys.Matches);
    }

    private static DicomDataset Response(CFindQuery query, DicomDataset instance)
    {
        var response = new DicomDataset();
        // PS3.4 C.4.1.1.3.2 / C.2.2.1.1: the answer is in the character set of the matched data, copied with it.
        if (instance[DicomTags.SpecificCharacterSet] is { } charset)
        {
            response.Set(charset);
        }

        response.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, query.Identifier.GetString(DicomTags.QueryRetrieveLevel)!);
        foreach (var element in query.Identifier)
        {
            if (!IsControl(element.Tag))
            {
                response.Set(Answer(instance, element));
            }
        }

        foreach (var (tag, vr) in query.UniqueKeys)
        {
            if (!response.Contains(tag))
            {
                response.Set(ValueOrEmpty(instance, tag, vr));
            }
        }

        return response;
    }

    /// <summary>
    /// What a key returns: the stored element, or for a sequence key with item keys (PS3.4 C.2.2.2.6) the stored items
    /// that match them, each holding only the requested attributes (recursively).
    /// </summary>
    private static DicomElement Answer(DicomDataset stored, DicomElement key)
    {
        if (key is not DicomSequence { Items: [{ Count: > 0 } keyItem] } sequenceKey)
        {
            return ValueOrEmpty(stored, key.Tag, key.VR);
        }

        var itemKeys = QueryKeys.Build(keyItem, combinedDateTime: false, t => t.Element == 0x0000);
        var answer = new DicomSequence(sequenceKey.Tag);
        foreach (var item in stored.GetSequence(sequenceKey.Tag)?.Items ?? Enumerable.Empty<DicomDataset>())
        {
            if (itemKeys.Matches(item))
            {
                var reduced = new DicomDataset();
                foreach (var element in keyItem)
                {
                    reduced.Set(Answer(item, element));
                }

                answer.Items.Add(reduced);
            }
        }

        return answer;
    }

    /// <summary>The stored element as it is (its bytes are in the instance's character set), or a zero-length one.</summary>
    private static DicomElement ValueOrEmpty(DicomDataset instance, DicomTag tag, DicomVR vr) => instance[tag] switch
    {
        DicomValueElement stored => stored,
        // A copy: the indexed items must not be re-parented into a response.
        DicomSequence stored => new DicomSequence(tag, stored.Items.Select(Copy)),
        _ => vr == DicomVR.SQ ? new DicomSequence(tag) : new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty),
    };

    private static DicomDataset Copy(DicomDataset item)
    {
        var budget = int.MaxValue;
        return InstanceIndex.Reduce(item, 1, ref budget);
    }

    /// <summary>Elements that steer the query rather than match: group lengths, (0008,0005), (0008,0052), command and meta groups.</summary>
    private static bool IsControl(DicomTag tag) =>
        tag.Element == 0x0000 || tag.Group <= 0x0002 || tag == DicomTags.SpecificCharacterSet || tag == DicomTags.QueryRetrieveLevel;
}
