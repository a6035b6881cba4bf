namespace Peake.Dicom.Network.Query;

/// <summary>PS3.4 C.2.2.2.4 wildcard matching: "*" any run of characters (also none), "?" exactly one character.</summary>
internal static class Wildcard
{
    /// <summary>C.2.2.2.4: wildcards apply to these text VRs only (not to UI, dates, times or numbers).</summary>
    public static bool Applies(DicomVR vr) =>
        vr == DicomVR.AE || vr == DicomVR.CS || vr == DicomVR.LO || vr == DicomVR.LT || vr == DicomVR.PN || vr == DicomVR.SH
        || vr == DicomVR.ST || vr == DicomVR.UC || vr == DicomVR.UR || vr == DicomVR.UT;

    /// <summary>Iterative matching with one backtrack point (the last "*"): linear memory, no regex, no blow-up.</summary>
    public static bool Matches(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
