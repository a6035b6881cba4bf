namespace Peake.Dicom.Network.Query;

/// <summary>
/// PS3.4 C.2.2.2.5 range matching for DA, TM and DT: "a-b", "-b", "a-", or a single value. Values are compared as
/// digit strings of a fixed width: a lower bound is padded with the earliest value ("0"), an upper bound with the
/// latest ("9"), so "10-12" as TM means 10:00:00 up to 12:59:59.999999, and a DA bound "2020" the whole year. TM
/// colons (ACR-NEMA style) are dropped. A stored DT's UTC offset is ignored; a DT key may not carry one (its "-"
/// would read as the range separator).
/// </summary>
internal static class DateTimeRange
{
    public static bool Matches(DicomVR vr, string key, string value)
    {
        var width = vr == DicomVR.DA ? 8 : vr == DicomVR.TM ? 13 : 21;
        var stored = Normalize(vr, value);
        if (stored.Length == 0)
        {
            // An absent or empty date matches only the universal key, handled by the caller.
            return false;
        }

        var dash = key.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            var single = Normalize(vr, key);
            // A single value covers everything it names: "2020" as DA is the whole year.
            return Compare(Pad(vr, stored, width, '0'), Pad(vr, single, width, '0')) >= 0 && Compare(Pad(vr, stored, width, '0'), Pad(vr, single, width, '9')) <= 0;
        }

        var low = Normalize(vr, key[..dash]);
        var high = Normalize(vr, key[(dash + 1)..]);
        var lowOk = low.Length == 0 || Compare(Pad(vr, stored, width, '0'), Pad(vr, low, width, '0')) >= 0;
        var highOk = high.Length == 0 || Compare(Pad(vr, stored, width, '0'), Pad(vr, high, width, '9')) <= 0;
        return lowOk && highOk;
    }

    private static string Normalize(DicomVR vr, string text)
    {
        var s = text.Trim();
        if (vr == DicomVR.TM)
        {
            s = s.Replace(":", "", StringComparison.Ordinal);
        }
        else if (vr == DicomVR.DT)
        {
            var offset = s.IndexOfAny(['+', '-']);
            if (offset >= 0)
            {
                s = s[..offset];
            }
        }
        else
        {
            // ACR-NEMA dates "YYYY.MM.DD".
            s = s.Replace(".", "", StringComparison.Ordinal);
        }

        return s;
    }

    private static string Pad(DicomVR vr, string s, int width, char fill)
    {
        if (s.Length >= width)
        {
            return s[..width];
        }

        // The fraction's dot keeps its place in TM (HHMMSS.FFFFFF) and DT (…SS.FFFFFF).
        var dotAt = vr == DicomVR.DA ? -1 : width - 7;
        var chars = s.ToCharArray().ToList();
        while (chars.Count < width)
        {
            chars.Add(chars.Count == dotAt ? '.' : fill);
        }

        return new string([.. chars]);
    }

    private static int Compare(string a, string b) => string.CompareOrdinal(a, b);
}
