using System.Text.RegularExpressions;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// The data-set part of a dcmdump listing with only what a transcode between uncompressed syntaxes may legitimately
/// change taken out, so listings of the same data set in two syntaxes compare line for line. Normalised, and nothing else:
/// <list type="bullet">
/// <item>the meta group and the "# ..." comment lines (the meta is rewritten; "# Used TransferSyntax" names the new syntax);</item>
/// <item>sequence and item length encoding (PS3.5 7.5): "(Sequence with explicit length #=2)" and "(Sequence with undefined
/// length #=2)" both become "(Sequence #=2)", likewise for items, and the length column of SQ and item lines becomes "*";</item>
/// <item>item and sequence delimitation lines (fffe,e00d) and (fffe,e0dd), which exist only with undefined lengths;</item>
/// <item>the value of group length elements (gggg,0000), which depends on the encoding of the group (PS3.5 7.2);</item>
/// <item>the file positions dcmdump prints under DICOMDIR records ("#  offset=$396"): the records move with the meta group.</item>
/// </list>
/// Every other line (tag, VR, value, value length, VM, name, indentation) must stay the same, except that when implicit VR
/// hid an element's VR a line may show it under another VR with the same value bytes (<see cref="DumpValueBytes"/>).
/// </summary>
internal static partial class DumpNormaliser
{
    public static IReadOnlyList<string> DatasetLines(string dump)
    {
        var lines = new List<string>();
        var inDataset = false;
        foreach (var raw in dump.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                inDataset = true;
                continue;
            }

            // "# ..." comments, and the "  #  offset=$396" lines dcmdump adds to DICOMDIR records (their position in the file).
            if (!inDataset || line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var element = DcmdumpElement.TryParse(line, isMeta: false);
            if (element is null)
            {
                lines.Add(line); // the continuation of a multi-line text value: compared as it is
                continue;
            }

            if (element.IsDelimiter)
            {
                continue;
            }

            var indent = new string(' ', element.Depth * 2);
            if (element.VR == "SQ" || element.IsItem)
            {
                lines.Add($"{indent}{element.Tag} {element.VR} {LengthEncoding().Replace(element.Value, "")} # *, {element.Multiplicity} {element.Name}");
            }
            else if (element.Element == 0x0000)
            {
                lines.Add($"{indent}{element.Tag} {element.VR} * # {element.Length}, {element.Multiplicity} {element.Name}");
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The first lines where two normalised listings part, as an assertion message.</summary>
    /// <param name="vrMayBeHidden">True when one side was read from implicit VR: a line may then show its value under another VR.</param>
    public static string? Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedLabel, string actualLabel, bool vrMayBeHidden)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "(end of listing)";
            var a = i < actual.Count ? actual[i] : "(end of listing)";
            if (!string.Equals(e, a, StringComparison.Ordinal) && !(vrMayBeHidden && SameValueUnderAnotherVR(e, a)))
            {
                return $"line {i + 1} of the data set differs ({expected.Count} vs {actual.Count} lines):\n{expectedLabel}: {Clip(e)}\n{actualLabel}: {Clip(a)}";
            }
        }

        return null;
    }

    private static bool SameValueUnderAnotherVR(string expected, string actual) =>
        DcmdumpElement.TryParse(expected, isMeta: false) is { } e && DcmdumpElement.TryParse(actual, isMeta: false) is { } a
        && DumpValueBytes.SameElementUnderAnotherVR(e, a);

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "...";

    [GeneratedRegex(@"with (explicit|undefined) length ")]
    private static partial Regex LengthEncoding();
}
