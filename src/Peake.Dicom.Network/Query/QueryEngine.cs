using System.Runtime.CompilerServices;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// Runs a <see cref="CFindQuery"/> over the candidates an <see cref="IQueryService"/> produces: each candidate is one
/// entity of the query's level (its attributes, those of the levels above and the computed ones), tested with the exact
/// PS3.4 C.2.2.2 matcher, so a service only has to narrow. Each match becomes one response identifier holding exactly
/// the requested keys, (0008,0052) and, when its values need one, (0008,0005).
/// </summary>
public static class QueryEngine
{
    /// <summary>One pending response's identifier, and whether some key could not be used for matching (FF01H).</summary>
    public sealed record Match(DicomDataset Identifier, bool OptionalKeysNotSupported);

    /// <summary>The matches, lazily: stopping the enumeration stops the candidates' production.</summary>
    public static async IAsyncEnumerable<Match> FindAsync(
        CFindQuery query, IAsyncEnumerable<DicomDataset> candidates, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidates);
        var keys = QueryKeys.Build(query.Identifier, query.CombinedDateTime, KeyLevels.IsControl);
        // A service may yield an entity twice (a superset); it answers once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var candidate in candidates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (keys.Matches(candidate) && seen.Add(candidate.GetString(query.LevelKey) ?? ""))
            {
                yield return new Match(Response(query, candidate), keys.Unsupported);
            }
        }
    }

    /// <summary>
    /// PS3.4 C.4.2.2.1 / C.4.3.2.1: the instances a C-MOVE or C-GET identifier names — every instance data set matching
    /// its keys (the unique keys of the level and above), not grouped.
    /// </summary>
    public static IEnumerable<DicomDataset> Retrieve(CFindQuery query, IEnumerable<DicomDataset> instances)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(instances);
        var keys = QueryKeys.Build(query.Identifier, query.CombinedDateTime, KeyLevels.IsControl);
        return instances.Where(keys.Matches);
    }

    /// <summary>
    /// PS3.4 C.4.1.1.3.2: the requested keys with the entity's values (zero length when it has none), the level, and
    /// the entity's (0008,0005) only when a returned value is outside the default repertoire: the stored bytes are
    /// copied as they are, never transcoded, so they keep the character set they were stored in.
    /// </summary>
    private static DicomDataset Response(CFindQuery query, DicomDataset candidate)
    {
        var response = new DicomDataset();
        response.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, query.Identifier.GetString(DicomTags.QueryRetrieveLevel)!);
        foreach (var element in query.Identifier)
        {
            if (!KeyLevels.IsControl(element.Tag))
            {
                response.Set(Answer(candidate, element));
            }
        }

        if (candidate[DicomTags.SpecificCharacterSet] is DicomValueElement { Length: > 0 } charset && NeedsCharacterSet(response))
        {
            response.Set(charset);
        }

        return response;
    }

    /// <summary>Whether any text value holds a byte outside ASCII or an ISO 2022 escape: only then is (0008,0005) needed.</summary>
    private static bool NeedsCharacterSet(DicomDataset dataset) => dataset.Any(element => element switch
    {
        DicomValueElement { VR.IsCharacterSetDependent: true, IsLoaded: true } value => HasNonAscii(value.Bytes.Span),
        DicomSequence sequence => sequence.Items.Any(NeedsCharacterSet),
        _ => false,
    });

    private static bool HasNonAscii(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 || bytes.Contains((byte)0x1B);

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

    /// <summary>The stored element as it is (its bytes are in the entity's character set), or a zero-length one.</summary>
    private static DicomElement ValueOrEmpty(DicomDataset candidate, DicomTag tag, DicomVR vr) => candidate[tag] switch
    {
        DicomValueElement stored => stored,
        // A copy: the candidate's items must not be re-parented into a response.
        DicomSequence stored => new DicomSequence(tag, stored.Items.Select(Copy)),
        _ => vr == DicomVR.SQ ? new DicomSequence(tag) : new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty),
    };

    private static DicomDataset Copy(DicomDataset item)
    {
        var budget = int.MaxValue;
        return InstanceIndex.Reduce(item, 1, ref budget);
    }
}
