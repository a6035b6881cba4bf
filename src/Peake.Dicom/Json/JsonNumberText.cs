using System.Globalization;
using System.Text.RegularExpressions;

namespace Peake.Dicom;

/// <summary>
/// Number text of the DICOM JSON model (PS3.18 F.2.3): DS and IS values become JSON numbers when they are valid
/// DICOM numbers, and floats are printed the way dcm2json prints them (C "%g" layout without '+' in exponents).
/// </summary>
internal static partial class JsonNumberText
{
    // PS3.5 6.2 DS: fixed or floating point (ANSI X3.9), optional sign, at most 16 bytes.
    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalSyntax();

    // PS3.5 6.2 IS: optional sign and digits, at most 12 bytes, within -2^31 .. 2^31-1.
    [GeneratedRegex(@"^[+-]?\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerSyntax();

    /// <summary>
    /// The JSON number for a trimmed DS value, or null when the value is not a valid DS (it is then written as a
    /// JSON string, as dcm2json does). Signs '+' are dropped, leading zeros removed, and a bare '.' gets a zero
    /// on either side so the result is always valid JSON ("1." → "1.0", ".5" → "0.5").
    /// </summary>
    public static string? NormalizeDecimal(string value)
    {
        if (value.Length == 0 || value.Length > 16 || !DecimalSyntax().IsMatch(value))
        {
            return null;
        }

        var negative = value[0] == '-';
        var s = value.TrimStart('+', '-');
        var exponentAt = s.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt >= 0 ? s[..exponentAt] : s;
        var exponent = exponentAt >= 0 ? s[exponentAt..].Replace("+", string.Empty, StringComparison.Ordinal) : string.Empty;

        var dot = mantissa.IndexOf('.');
        var integer = (dot >= 0 ? mantissa[..dot] : mantissa).TrimStart('0');
        if (integer.Length == 0)
        {
            integer = "0";
        }

        var fraction = dot >= 0 ? mantissa[(dot + 1)..] : null;
        var text = fraction is null ? integer : integer + "." + (fraction.Length == 0 ? "0" : fraction);
        return (negative ? "-" : string.Empty) + text + exponent;
    }

    /// <summary>The JSON number for a trimmed IS value, or null when it is not a valid IS.</summary>
    public static string? NormalizeInteger(string value)
    {
        if (value.Length == 0 || value.Length > 12 || !IntegerSyntax().IsMatch(value)
            || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            || n < int.MinValue || n > int.MaxValue)
        {
            return null;
        }

        var negative = value[0] == '-';
        var digits = value.TrimStart('+', '-').TrimStart('0');
        return (negative ? "-" : string.Empty) + (digits.Length == 0 ? "0" : digits);
    }

    /// <summary>
    /// FD: the shortest text that reads back as the same double, laid out like C's "%.17g" (dcm2json's choice:
    /// exponent form when the exponent is below -4 or at least 17, exponent without '+', at least two digits).
    /// dcm2json's own digit generation is slightly imprecise (1e300 → 1.0000000000000007e300); we print exact
    /// shortest round-trip digits instead.
    /// </summary>
    public static string FormatDouble(double value)
    {
        return Layout(value.ToString("R", CultureInfo.InvariantCulture), 17);
    }

    /// <summary>FL: nine significant digits (FLT_DIG + 3, enough to round trip) in "%.9g" layout, as dcm2json.</summary>
    public static string FormatSingle(float value)
    {
        return Layout(value.ToString("E8", CultureInfo.InvariantCulture), 9);
    }

    /// <summary>Lays out a finite number given as .NET text ("1.5E+20", "-0.001", "123") in C "%.{p}g" style.</summary>
    private static string Layout(string text, int precision)
    {
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        var exp10 = exponentAt >= 0 ? int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = exponentAt >= 0 ? text[..exponentAt] : text;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;

        // Normalise to a digit string d1d2d3... and the decimal exponent of d1.
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        exp10 += intPart.Length - 1 - leadingZeros;
        digits = digits.TrimEnd('0');
        var sign = negative ? "-" : string.Empty;
        if (digits.Length == 0)
        {
            return sign + "0";
        }

        if (exp10 < -4 || exp10 >= precision)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var e = Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
            return sign + m + "e" + (exp10 < 0 ? "-" : string.Empty) + e;
        }

        if (exp10 < 0)
        {
            return sign + "0." + new string('0', -exp10 - 1) + digits;
        }

        if (digits.Length <= exp10 + 1)
        {
            return sign + digits + new string('0', exp10 + 1 - digits.Length);
        }

        return sign + digits[..(exp10 + 1)] + "." + digits[(exp10 + 1)..];
    }
}
