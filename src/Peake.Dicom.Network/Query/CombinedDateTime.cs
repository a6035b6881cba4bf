namespace Peake.Dicom.Network.Query;

/// <summary>
/// PS3.4 C.2.2.2.5.4 combined datetime matching (only when negotiated, C.5.1.1.2 / C.5.1.1.1): a DA key and its TM
/// partner that both use the same form of range ("a-b", "-b" or "a-") are matched as one DT range of the concatenated
/// components, so StudyDate 20060705-20060707 with StudyTime 1000-1800 is 5 July 10:00 to 7 July 18:00. Partners are
/// found by keyword ("XxxDate" and "XxxTime": StudyDate/StudyTime, SeriesDate/SeriesTime, PatientBirthDate/…,
/// ScheduledProcedureStepStartDate/…), which holds for every DA/TM pair of the data dictionary.
/// </summary>
internal static class CombinedDateTime
{
    public static List<(DicomTag Date, DicomTag Time)> Pairs(DicomDataset identifier)
    {
        var pairs = new List<(DicomTag, DicomTag)>();
        foreach (var element in identifier)
        {
            if (element.VR != DicomVR.DA || DicomDictionary.Lookup(element.Tag) is not { Keyword: var keyword } || !keyword.EndsWith("Date", StringComparison.Ordinal))
            {
                continue;
            }

            if (DicomDictionary.Lookup(keyword[..^4] + "Time") is not { } partner || partner.VR != DicomVR.TM || identifier[partner.Tag] is not { VR: var vr } || vr != DicomVR.TM)
            {
                continue;
            }

            var form = RangeForm(identifier.GetString(element.Tag));
            if (form is not null && form == RangeForm(identifier.GetString(partner.Tag)))
            {
                pairs.Add((element.Tag, partner.Tag));
            }
        }

        return pairs;
    }

    /// <summary>The stored date and time, read as one DT, against the combined range of the two keys.</summary>
    public static bool Matches(string dateKey, string timeKey, string? storedDate, string? storedTime)
    {
        var date = DateDigits(storedDate);
        if (date.Length == 0)
        {
            return false;
        }

        var dateDash = dateKey.IndexOf('-', StringComparison.Ordinal);
        var timeDash = timeKey.IndexOf('-', StringComparison.Ordinal);
        var low = Join(dateKey[..dateDash], timeKey[..timeDash], '0');
        var high = Join(dateKey[(dateDash + 1)..], timeKey[(timeDash + 1)..], '9');
        return DateTimeRange.Matches(DicomVR.DT, $"{low}-{high}", date.PadRight(8, '0') + TimeDigits(storedTime));
    }

    /// <summary>"a-b", "-b", "a-", or null for a single value or an empty key (no range: no combining).</summary>
    private static string? RangeForm(string? key)
    {
        var k = key?.Trim() ?? "";
        var dash = k.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        return (dash > 0, dash < k.Length - 1) switch
        {
            (true, true) => "a-b",
            (false, true) => "-b",
            (true, false) => "a-",
            _ => null,
        };
    }

    /// <summary>One bound: the date filled to a whole day's digits so the time lands in the right place.</summary>
    private static string Join(string date, string time, char fill)
    {
        var d = DateDigits(date);
        return d.Length == 0 ? "" : d.PadRight(8, fill) + TimeDigits(time);
    }

    // ACR-NEMA dates "YYYY.MM.DD" and times "HH:MM:SS" tolerated, as in DateTimeRange.
    private static string DateDigits(string? value) => (value ?? "").Trim().Replace(".", "", StringComparison.Ordinal);

    private static string TimeDigits(string? value) => (value ?? "").Trim().Replace(":", "", StringComparison.Ordinal);
}
