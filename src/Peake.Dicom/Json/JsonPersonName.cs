using System.Text;

namespace Peake.Dicom;

/// <summary>
/// PN values in the DICOM JSON model (PS3.18 F.2.2): one object per value with up to three component groups
/// (PS3.5 6.2.1: alphabetic, ideographic, phonetic, separated by '='), each a string of '^'-separated components.
/// </summary>
internal static class JsonPersonName
{
    public static readonly string[] GroupNames = ["Alphabetic", "Ideographic", "Phonetic"];

    /// <summary>
    /// Splits one PN value into its three groups, each normalised the way dcm2json prints them: spaces around
    /// components removed, trailing empty components dropped, groups left empty are null. A fourth and later
    /// group is dropped (PS3.5 allows three). Returns null when every group is empty (the value is then null).
    /// </summary>
    public static string?[]? Groups(string value)
    {
        var groups = value.Split('=');
        var result = new string?[3];
        var any = false;
        for (var g = 0; g < Math.Min(3, groups.Length); g++)
        {
            var components = groups[g].Split('^');
            var last = -1;
            for (var c = 0; c < components.Length; c++)
            {
                components[c] = components[c].Trim(' ', '\0');
                if (components[c].Length > 0)
                {
                    last = c;
                }
            }

            if (last >= 0)
            {
                result[g] = string.Join('^', components, 0, last + 1);
                any = true;
            }
        }

        return any ? result : null;
    }

    /// <summary>Joins component groups back into one PN value, dropping trailing empty groups.</summary>
    public static string Join(string?[] groups)
    {
        var last = Array.FindLastIndex(groups, g => !string.IsNullOrEmpty(g));
        var sb = new StringBuilder();
        for (var g = 0; g <= last; g++)
        {
            if (g > 0)
            {
                sb.Append('=');
            }

            sb.Append(groups[g]);
        }

        return sb.ToString();
    }
}
