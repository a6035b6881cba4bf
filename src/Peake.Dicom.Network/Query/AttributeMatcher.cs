namespace Peake.Dicom.Network.Query;

/// <summary>
/// Matching of one key against one attribute's values (PS3.4 C.2.2.2). The key is the decoded text of the identifier's
/// element (padding removed), the values those of the stored instance. Empty key: universal match. A multi-valued
/// attribute matches when any of its values does.
/// </summary>
public static class AttributeMatcher
{
    public static bool Matches(DicomVR vr, string key, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        // C.2.2.2.3: a zero-length key matches everything, including an absent or empty attribute.
        if (key.Length == 0)
        {
            return true;
        }

        if (vr == DicomVR.UI)
        {
            // C.2.2.2.2: a list of UIDs matches any one of them; UIDs never take wildcards.
            var uids = key.Split('\\').Select(u => u.Trim()).ToHashSet(StringComparer.Ordinal);
            return values.Any(uids.Contains);
        }

        if (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT)
        {
            return values.Any(v => DateTimeRange.Matches(vr, key, v));
        }

        // C.2.2.2.1: single value matching; PN is compared case-insensitively (C.2.2.2.1 allows it for PN only).
        var comparison = vr == DicomVR.PN ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (Wildcard.Applies(vr) && (key.Contains('*', StringComparison.Ordinal) || key.Contains('?', StringComparison.Ordinal)))
        {
            // C.2.2.2.4: "*" alone is universal; otherwise the pattern must cover the whole value.
            return key.All(c => c == '*') || values.Any(v => Wildcard.Matches(key, v, comparison == StringComparison.OrdinalIgnoreCase));
        }

        return values.Any(v => string.Equals(key, v, comparison));
    }
}
