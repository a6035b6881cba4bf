namespace Peake.Dicom.Tests.Generators;

/// <summary>
/// Structural equality of data sets: same tags in the same order, same element shapes, value bytes, items (with
/// their length encoding) and fragments. VRs are compared unless told not to; items of a UN sequence are always
/// compared without VRs because they are implicit VR LE.
/// </summary>
internal static class DicomDatasetComparer
{
    /// <summary>A description of the first difference, or null when the data sets are equal.</summary>
    public static string? Difference(DicomDataset expected, DicomDataset actual, bool compareVR) => Compare(expected, actual, compareVR, string.Empty);

    public static bool AreEqual(DicomDataset expected, DicomDataset actual, bool compareVR) => Difference(expected, actual, compareVR) is null;

    private static string? Compare(DicomDataset expected, DicomDataset actual, bool compareVR, string path)
    {
        using var e = expected.GetEnumerator();
        using var a = actual.GetEnumerator();
        while (true)
        {
            var moreE = e.MoveNext();
            var moreA = a.MoveNext();
            if (!moreE && !moreA)
            {
                return null;
            }

            if (!moreE)
            {
                return $"{path}{a.Current.Tag}: unexpected extra element {a.Current}";
            }

            if (!moreA)
            {
                return $"{path}{e.Current.Tag}: missing";
            }

            var diff = Compare(e.Current, a.Current, compareVR, path);
            if (diff is not null)
            {
                return diff;
            }
        }
    }

    private static string? Compare(DicomElement expected, DicomElement actual, bool compareVR, string path)
    {
        var here = $"{path}{expected.Tag}";
        if (expected.Tag != actual.Tag)
        {
            return $"{here}: found {actual.Tag} instead";
        }

        if (compareVR && expected.VR != actual.VR)
        {
            return $"{here}: VR {actual.VR} instead of {expected.VR}";
        }

        switch (expected, actual)
        {
            case (DicomValueElement ev, DicomValueElement av):
                return Bytes(ev, av, here);
            case (DicomSequence es, DicomSequence @as):
                if (es.UndefinedLength != @as.UndefinedLength)
                {
                    return $"{here}: sequence undefined length {@as.UndefinedLength} instead of {es.UndefinedLength}";
                }

                if (es.Items.Count != @as.Items.Count)
                {
                    return $"{here}: {@as.Items.Count} items instead of {es.Items.Count}";
                }

                for (var i = 0; i < es.Items.Count; i++)
                {
                    if (es.Items[i].UndefinedLength != @as.Items[i].UndefinedLength)
                    {
                        return $"{here}[{i}]: item undefined length {@as.Items[i].UndefinedLength} instead of {es.Items[i].UndefinedLength}";
                    }

                    var diff = Compare(es.Items[i], @as.Items[i], compareVR && es.VR != DicomVR.UN, $"{here}[{i}].");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return null;
            case (DicomFragments ef, DicomFragments af):
                if (ef.Fragments.Count != af.Fragments.Count)
                {
                    return $"{here}: {af.Fragments.Count} fragments instead of {ef.Fragments.Count}";
                }

                var table = Bytes(ef.OffsetTable, af.OffsetTable, $"{here} offset table");
                if (table is not null)
                {
                    return table;
                }

                for (var i = 0; i < ef.Fragments.Count; i++)
                {
                    var diff = Bytes(ef.Fragments[i], af.Fragments[i], $"{here} fragment {i}");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return null;
            default:
                return $"{here}: {actual.GetType().Name} instead of {expected.GetType().Name}";
        }
    }

    private static string? Bytes(DicomValueElement expected, DicomValueElement actual, string here)
    {
        if (expected.Length != actual.Length)
        {
            return $"{here}: {actual.Length} value bytes instead of {expected.Length}";
        }

        var e = expected.Bytes.Span;
        var a = actual.Bytes.Span;
        var i = e.CommonPrefixLength(a);
        return i == e.Length ? null : $"{here}: value differs at byte {i} (0x{a[i]:X2} instead of 0x{e[i]:X2})";
    }
}
