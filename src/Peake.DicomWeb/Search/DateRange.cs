using System.Globalization;

namespace Peake.DicomWeb.Search;

/// <summary>A DA matching value (PS3.4 C.2.2.2.5): a date, or a range with either end open; each date real.</summary>
internal static class DateRange
{
    public static bool IsValid(string value)
    {
        var parts = value.Split('-');
        return parts.Length switch
        {
            1 => IsDate(parts[0]),
            2 => (parts[0].Length > 0 || parts[1].Length > 0)
                && (parts[0].Length == 0 || IsDate(parts[0]))
                && (parts[1].Length == 0 || IsDate(parts[1])),
            _ => false,
        };
    }

    private static bool IsDate(string text) =>
        text.Length == 8 && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
