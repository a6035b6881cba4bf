namespace Peake.Dicom;

/// <summary>PS3.5 6.2 rules for padding and insignificant spaces of string values.</summary>
internal static class DicomValueText
{
    /// <summary>Pads a value to even length with the VR's padding byte (PS3.5 7.1.1).</summary>
    public static ReadOnlyMemory<byte> Pad(byte[] bytes, DicomVR vr)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.Padding;
        return padded;
    }

    /// <summary>Removes trailing padding (space or NUL) of the whole value.</summary>
    public static string TrimPadding(string text, DicomVR vr) => text.TrimEnd(' ', '\0');

    /// <summary>
    /// Removes the spaces PS3.5 6.2 calls insignificant in one value: leading and trailing for most string VRs,
    /// trailing only for the text VRs (LT, ST, UT) and UR, where leading spaces carry meaning.
    /// </summary>
    public static string TrimValue(string value, DicomVR vr) =>
        vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UR
            ? value.TrimEnd(' ', '\0')
            : value.Trim(' ', '\0');
}
