namespace Peake.Dicom.Network.Query;

/// <summary>
/// The matching keys of an identifier (or of one sequence item key, recursively), each turned into a test on a stored
/// data set. Text keys use <see cref="AttributeMatcher"/>; a sequence key uses sequence matching (PS3.4 C.2.2.2.6);
/// with combined date-time matching negotiated, a DA and TM pair with the same range form is one DT range
/// (C.2.2.2.5.4). Keys that cannot be matched (binary values, a sequence key of several items) are reported so the
/// pending responses say FF01H.
/// </summary>
internal sealed class QueryKeys
{
    private const int MaxDepth = 8;

    private readonly List<Func<DicomDataset, bool>> _tests = [];

    private QueryKeys()
    {
    }

    /// <summary>True when some key is returned but not used for matching.</summary>
    public bool Unsupported { get; private set; }

    public bool Matches(DicomDataset stored) => _tests.TrueForAll(t => t(stored));

    /// <param name="skip">Elements that steer the query rather than match (only at the top level).</param>
    public static QueryKeys Build(DicomDataset identifier, bool combinedDateTime, Func<DicomTag, bool> skip, int depth = 0)
    {
        var keys = new QueryKeys();
        var combined = combinedDateTime ? CombinedDateTime.Pairs(identifier) : [];
        foreach (var (date, time) in combined)
        {
            var dateKey = identifier.GetString(date) ?? "";
            var timeKey = identifier.GetString(time) ?? "";
            keys._tests.Add(s => CombinedDateTime.Matches(dateKey, timeKey, s.GetString(date), s.GetString(time)));
        }

        var paired = combined.SelectMany(p => new[] { p.Date, p.Time }).ToHashSet();
        foreach (var element in identifier)
        {
            if (skip(element.Tag) || paired.Contains(element.Tag))
            {
                continue;
            }

            if (element is DicomValueElement { VR.IsString: true } && element.VR != DicomVR.UN)
            {
                var tag = element.Tag;
                var vr = element.VR;
                var value = identifier.GetString(tag) ?? "";
                if (tag == DicomTags.ModalitiesInStudy && value.Contains('\\', StringComparison.Ordinal))
                {
                    // A list of modalities (CT\MR) asks for studies holding any of them, as the UID list does for UIDs.
                    var any = value.Split('\\');
                    keys._tests.Add(s => any.Any(v => AttributeMatcher.Matches(vr, v.Trim(), s.GetStrings(tag))));
                    continue;
                }

                keys._tests.Add(s => AttributeMatcher.Matches(vr, value, s.GetStrings(tag)));
            }
            else if (element is DicomSequence sequence)
            {
                keys.AddSequence(sequence, combinedDateTime, depth);
            }
            else if (element is not DicomValueElement { Length: 0 })
            {
                // Binary keys are returned, not matched.
                keys.Unsupported = true;
            }
        }

        return keys;
    }

    /// <summary>
    /// PS3.4 C.2.2.2.6: a key sequence of one item matches when at least one stored item matches all of the item's
    /// keys; no item, or one empty item, is a universal match.
    /// </summary>
    private void AddSequence(DicomSequence sequence, bool combinedDateTime, int depth)
    {
        if (sequence.Items.Count == 0 || (sequence.Items.Count == 1 && sequence.Items[0].Count == 0))
        {
            return;
        }

        if (sequence.Items.Count > 1 || depth >= MaxDepth)
        {
            // C.2.2.2.6 allows a single item only; more is returned, not matched.
            Unsupported = true;
            return;
        }

        var itemKeys = Build(sequence.Items[0], combinedDateTime, IsGroupLength, depth + 1);
        Unsupported |= itemKeys.Unsupported;
        var tag = sequence.Tag;
        _tests.Add(s => s.GetSequence(tag) is { } stored && stored.Items.Any(itemKeys.Matches));
    }

    private static bool IsGroupLength(DicomTag tag) => tag.Element == 0x0000;
}
