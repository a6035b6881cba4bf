using System.Globalization;
using Peake.Dicom;

namespace Peake.Query.Schema;

/// <summary>
/// How values become filter columns, and keys become bounds, identically on both sides (BRIEF6 1.3, 2.8): DA and TM
/// normalised and padded exactly as the exact matcher's range matching pads them (lower bounds and stored values with
/// "0", upper bounds with "9"), text trimmed, *_norm upper-cased invariantly. A value that is not one value
/// (multi-valued) becomes NULL: unknown to the prefilter, so never filtered out.
/// </summary>
internal static class ColumnText
{
    public const int DateWidth = 8;
    public const int TimeWidth = 13;

    /// <summary>The single value of a text element ("" when absent or empty), or null when it has several.</summary>
    public static string? Single(DicomDataset dataset, DicomTag tag)
    {
        var values = dataset.GetStrings(tag);
        return values.Length switch
        {
            0 => "",
            1 => values[0].Trim(),
            _ => null,
        };
    }

    public static string? Upper(string? value) => value?.ToUpperInvariant();

    public static string? Date(DicomDataset dataset, DicomTag tag) => Single(dataset, tag) is { } v ? Pad(NormalizeDate(v), DateWidth, '0', -1) : null;

    public static string? Time(DicomDataset dataset, DicomTag tag) => Single(dataset, tag) is { } v ? Pad(NormalizeTime(v), TimeWidth, '0', TimeWidth - 7) : null;

    /// <summary>An IS value, or a binary US/UL one (Rows, Columns); null when absent, unreadable or multi-valued.</summary>
    public static long? Integer(DicomDataset dataset, DicomTag tag)
    {
        var element = dataset[tag];
        if (element is DicomValueElement { VR: var vr } && (vr == DicomVR.US || vr == DicomVR.UL))
        {
            var values = vr == DicomVR.US ? dataset.GetValues<ushort>(tag).Select(v => (long)v).ToArray() : dataset.GetValues<uint>(tag).Select(v => (long)v).ToArray();
            return values.Length == 1 ? values[0] : null;
        }
        return Single(dataset, tag) is { Length: > 0 } v && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public static string NormalizeDate(string text) => text.Trim().Replace(".", "", StringComparison.Ordinal);

    public static string NormalizeTime(string text) => text.Trim().Replace(":", "", StringComparison.Ordinal);

    /// <summary>Fixed width, the fraction's dot kept in its place; "" stays "" (absent matches no range).</summary>
    public static string Pad(string value, int width, char fill, int dotAt)
    {
        if (value.Length == 0)
            return "";
        if (value.Length >= width)
            return value[..width];
        var chars = new char[width];
        value.CopyTo(chars);
        for (var i = value.Length; i < width; i++)
            chars[i] = i == dotAt ? '.' : fill;
        return new string(chars);
    }
}
