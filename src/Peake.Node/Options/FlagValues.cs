using System.Globalization;
using System.Text.RegularExpressions;

namespace Peake.Node.Options;

/// <summary>
/// Typed values of flags: durations as operators write them (<c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>,
/// <c>1d</c>), rates in MB/s (10^6 bytes, as disks are rated), bounded integers and AE titles. Each failure names
/// the flag and the value.
/// </summary>
internal static partial class FlagValues
{
    public const long BytesPerMegabyte = 1_000_000;

    public static TimeSpan Duration(string text, string flag)
    {
        var m = DurationPattern().Match(text);
        if (m.Success && decimal.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var ms = m.Groups[2].Value switch
            {
                "ms" => n,
                "s" => n * 1_000,
                "m" => n * 60_000,
                "h" => n * 3_600_000,
                _ => n * 86_400_000,
            };
            // A week is the longest sane grace or sweep interval; more is surely a typo (5000m for 5m).
            if (ms <= 7m * 86_400_000)
                return TimeSpan.FromMilliseconds((double)ms);
        }
        throw new NodeOptionsException($"--{flag} must be a positive duration up to 7d such as 500ms, 10s, 5m, 1h, not '{text}'");
    }

    public static long MegabytesPerSecond(string text, string flag)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mb) && mb is >= 0 and <= 100_000)
            return (long)(mb * BytesPerMegabyte);
        throw new NodeOptionsException($"--{flag} must be MB/s between 0 (off) and 100000, not '{text}'");
    }

    public static int Integer(string text, string flag, int min, int max)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;
        throw new NodeOptionsException($"--{flag} must be a whole number from {min} to {max}, not '{text}'");
    }

    /// <summary>PS3.5 6.2 (AE VR): 1-16 characters of the default repertoire, no backslash, no control characters;
    /// leading and trailing spaces are not significant.</summary>
    public static string AeTitle(string text, string flag)
    {
        var ae = text.Trim();
        if (ae.Length is >= 1 and <= 16 && ae.All(c => c is >= ' ' and <= '~' and not '\\'))
            return ae;
        throw new NodeOptionsException($"--{flag} must be a DICOM AE title (1-16 printable ASCII characters, no backslash), not '{text}'");
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
