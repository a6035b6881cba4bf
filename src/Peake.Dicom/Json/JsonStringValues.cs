namespace Peake.Dicom;

/// <summary>How the text of a string element splits into the values of the JSON "Value" array (PS3.18 F.2.4).</summary>
internal static class JsonStringValues
{
    /// <summary>
    /// The values of a decoded string element with padding already removed, each with its insignificant spaces
    /// trimmed and empty ones as null; or null when the element has no value at all. Like dcm2json, an element
    /// made only of spaces and separators (e.g. "\\") is empty, while "A\\\\B" keeps its empty middle value.
    /// </summary>
    public static string?[]? Split(string text, DicomVR vr)
    {
        var multi = vr.IsMultiValued;
        if (text.AsSpan().IndexOfAnyExcept(multi ? " \\\0" : " \0") < 0)
        {
            return null;
        }

        var parts = multi ? text.Split('\\') : [text];
        var values = new string?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var v = Trim(parts[i], vr);
            values[i] = v.Length == 0 ? null : v;
        }

        return values;
    }

    /// <summary>
    /// PS3.5 6.2: leading spaces are significant in LT, ST, UT and UC (only trailing ones are padding); UR allows
    /// no leading spaces but dcm2json keeps them as well. All other string VRs lose both.
    /// </summary>
    public static string Trim(string value, DicomVR vr) =>
        vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UC || vr == DicomVR.UR
            ? value.TrimEnd(' ', '\0')
            : value.Trim(' ', '\0');
}
