using System.Globalization;
using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// The values of matching keys, checked before any matching (PS3.4 C.2.2.2, PS3.5 6.2): dates and times and their
/// ranges well formed and real, UIDs (and UID lists) of PS3.5 9.1 syntax, no value longer than its VR allows. A query
/// with such a key would otherwise match nothing, silently, or everything; it is refused instead, naming the key, so the
/// user sees what to fix. The same rules serve C-FIND, C-GET, C-MOVE identifiers and QIDO-RS parameters.
/// </summary>
public static class KeyValues
{
    // PS3.5 Table 6.2-1, in characters; PN per component group. VRs without an entry are not limited here.
    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.Ordinal)
    {
        ["AE"] = 16, ["AS"] = 4, ["CS"] = 16, ["DS"] = 16, ["IS"] = 12, ["LO"] = 64, ["PN"] = 64, ["SH"] = 16, ["ST"] = 1024, ["LT"] = 10240,
    };

    /// <summary>Why the key value cannot be matched, or null when it can (an empty value is universal matching).</summary>
    public static string? Problem(DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return null;
        }

        return vr.Code switch
        {
            "DA" => Range(value.Replace(".", "", StringComparison.Ordinal), IsDate) ? null : $"'{value}' is not a date or date range (YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD, YYYYMMDD-)",
            "TM" => Range(value.Replace(":", "", StringComparison.Ordinal), IsTime) ? null : $"'{value}' is not a time or time range (HHMMSS.FFFFFF, ranges with '-')",
            "DT" => value.Length <= 53 && value.All(c => char.IsAsciiDigit(c) || c is '.' or '+' or '-') ? null : $"'{value}' is not a date-time or date-time range",
            "UI" => value.Split('\\').FirstOrDefault(u => !DicomUid.IsValid(u)) is { } bad ? $"'{bad}' is not a valid UID (PS3.5 9.1)" : null,
            _ => TooLong(vr.Code, value),
        };
    }

    /// <summary>Checks every key of an identifier (inside sequence items too); C000H naming the first bad one.</summary>
    internal static void Check(DicomDataset identifier)
    {
        foreach (var element in identifier)
        {
            if (KeyLevels.IsControl(element.Tag))
            {
                continue;
            }

            if (element is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    Check(item);
                }

                continue;
            }

            if (!element.VR.IsString)
            {
                continue;
            }

            string value;
            try
            {
                value = identifier.GetString(element.Tag) ?? "";
            }
            catch (DicomParseException e)
            {
                throw new QueryFailedException(CFindStatus.UnableToProcess, $"key {element.Tag} unreadable: {e.Message}");
            }

            if (Problem(element.VR, value) is { } problem)
            {
                throw new QueryFailedException(CFindStatus.UnableToProcess, $"key {element.Tag}: {problem}");
            }
        }
    }

    private static string? TooLong(string vr, string value)
    {
        if (!MaxLengths.TryGetValue(vr, out var max))
        {
            return null;
        }

        var parts = value.Split('\\').SelectMany(v => vr == "PN" ? v.Split('=') : [v]);
        return parts.Any(p => p.Length > max) ? $"a value longer than the {max} characters {vr} allows" : null;
    }

    /// <summary>A single value or a range with one end open; a closed range must not end before it starts.</summary>
    private static bool Range(string value, Func<string, bool> isValue)
    {
        var parts = value.Split('-');
        return parts.Length switch
        {
            1 => isValue(parts[0]),
            2 => (parts[0].Length > 0 || parts[1].Length > 0)
                 && (parts[0].Length == 0 || isValue(parts[0]))
                 && (parts[1].Length == 0 || isValue(parts[1]))
                 && (parts[0].Length == 0 || parts[1].Length == 0 || string.CompareOrdinal(parts[0], parts[1]) <= 0 || parts[0].Length != parts[1].Length),
            _ => false,
        };
    }

    // YYYYMMDD, and the whole year or month the matcher also takes (YYYY, YYYYMM); ACR-NEMA dots are dropped before.
    private static bool IsDate(string text) =>
        text.Length is 4 or 6 or 8 && DateOnly.TryParseExact(text, ["yyyy", "yyyyMM", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // HH, HHMM, HHMMSS or HHMMSS.F to .FFFFFF (PS3.5 6.2 TM); a leap second is allowed.
    private static bool IsTime(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        if (dot >= 0 && (whole.Length != 6 || text.Length - dot - 1 is < 1 or > 6 || !text[(dot + 1)..].All(char.IsAsciiDigit)))
        {
            return false;
        }

        if (whole.Length is not (2 or 4 or 6) || !whole.All(char.IsAsciiDigit))
        {
            return false;
        }

        int Field(int at) => (whole[at] - '0') * 10 + (whole[at + 1] - '0');
        return Field(0) < 24 && (whole.Length < 4 || Field(2) < 60) && (whole.Length < 6 || Field(4) <= 60);
    }
}
