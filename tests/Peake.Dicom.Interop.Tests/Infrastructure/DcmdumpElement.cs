using System.Globalization;
using System.Text.RegularExpressions;

namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// One element line of dcmdump's default listing, e.g.
/// <c>  (0008,0100) SH [CODE1]                                  #   6, 1 CodeValue</c>.
/// Items and delimiters appear too (VR "na"); pixel items inside encapsulated pixel data have VR "pi".
/// </summary>
/// <param name="Depth">Indentation level: 0 for the top-level data set, +1 per sequence and per item.</param>
/// <param name="Value">The value as dcmdump shows it ("[text]", numbers, "(no value available)", ...).</param>
/// <param name="Length">The value length in bytes, or null for undefined length ("u/l").</param>
public sealed partial record DcmdumpElement(bool IsMeta, int Depth, ushort Group, ushort Element, string VR, string Value, long? Length, int Multiplicity, string Name)
{
    public string Tag => $"({Group:x4},{Element:x4})";

    public bool IsItem => Group == 0xFFFE && Element == 0xE000;

    public bool IsDelimiter => Group == 0xFFFE && Element is 0xE00D or 0xE0DD;

    /// <summary>Parses one line, or returns null for lines that are not elements (headers, blank lines).</summary>
    public static DcmdumpElement? TryParse(string line, bool isMeta)
    {
        var m = LineRegex().Match(line);
        if (!m.Success)
        {
            return null;
        }
        var length = m.Groups["len"].Value == "u/l" ? (long?)null : long.Parse(m.Groups["len"].Value, CultureInfo.InvariantCulture);
        return new DcmdumpElement(
            isMeta,
            m.Groups["indent"].Length / 2,
            ushort.Parse(m.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ushort.Parse(m.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            m.Groups["vr"].Value,
            m.Groups["value"].Value.TrimEnd(),
            length,
            int.Parse(m.Groups["vm"].Value, CultureInfo.InvariantCulture),
            m.Groups["name"].Value.Trim());
    }

    // The value is greedy: a '#' inside a value cannot end it, only the last "# length, vm" comment does.
    [GeneratedRegex(@"^(?<indent> *)\((?<g>[0-9a-fA-F]{4}),(?<e>[0-9a-fA-F]{4})\) (?<vr>[A-Za-z?]{2}) (?<value>.*)\s#\s*(?<len>\d+|u/l),\s*(?<vm>\d+)(?<name>.*)$", RegexOptions.Singleline)]
    private static partial Regex LineRegex();
}
