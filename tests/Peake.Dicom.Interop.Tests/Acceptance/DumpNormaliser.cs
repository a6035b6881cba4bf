using System.Globalization;
using System.Text.RegularExpressions;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// The data-set part of a dcmdump listing with only what a transcode between uncompressed syntaxes may legitimately
/// change taken out, so listings of the same data set in two syntaxes compare line for line. Normalised, and nothing else:
/// <list type="bullet">
/// <item>the meta group and the "# ..." comment lines (the meta is rewritten; "# Used TransferSyntax" names the new syntax);</item>
/// <item>sequence and item length encoding (PS3.5 7.5): "(Sequence with explicit length #=2)" and "(Sequence with undefined
/// length #=2)" both become "(Sequence #=2)", likewise for items, and the length column of SQ and item lines becomes "u/l";</item>
/// <item>item and sequence delimitation lines (fffe,e00d) and (fffe,e0dd), which exist only with undefined lengths;</item>
/// <item>the value of group length elements (gggg,0000), which depends on the encoding of the group (PS3.5 7.2);</item>
/// <item>the file positions dcmdump prints under DICOMDIR records ("#  offset=$396"): the records move with the meta group;</item>
/// <item>the values of a DICOMDIR's record offsets (0004,1200), (0004,1202), (0004,1400), (0004,1420) (PS3.3 F.3.2.1), which
/// are such positions: each becomes the record it names ("record 3": the third item of (0004,1220)), so a link that now
/// names another record is still a difference; a value that names no record is kept as it is.</item>
/// </list>
/// Every other line (tag, VR, value, value length, VM, name, indentation) must stay the same, except that when implicit VR
/// hid an element's VR a line may show it under another VR with the same value bytes (<see cref="DumpValueBytes"/>).
/// </summary>
internal static partial class DumpNormaliser
{
    public static IReadOnlyList<string> DatasetLines(string dump)
    {
        var records = RecordPositions(dump);
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
                lines.Add($"{indent}{element.Tag} {element.VR} {LengthEncoding().Replace(element.Value, "")} # u/l, {element.Multiplicity} {element.Name}");
            }
            else if (IsRecordOffset(element) && long.TryParse(element.Value, CultureInfo.InvariantCulture, out var offset) && records.TryGetValue(offset, out var record))
            {
                lines.Add($"{indent}{element.Tag} {element.VR} record {record} # {element.Length}, {element.Multiplicity} {element.Name}");
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

    /// <summary>
    /// <paramref name="lines"/> with the values of DICOMDIR record offsets hidden, for comparing with a tool that copies
    /// them unchanged when the records move (dcmconv 3.6.7 rewrites a DICOMDIR as a plain data set; only dcmtk's DICOMDIR
    /// class recomputes them).
    /// </summary>
    public static IReadOnlyList<string> WithoutRecordOffsetValues(IReadOnlyList<string> lines) =>
        lines.Select(l => DcmdumpElement.TryParse(l, isMeta: false) is { } e && IsRecordOffset(e)
            ? $"{new string(' ', e.Depth * 2)}{e.Tag} {e.VR} * # {e.Length}, {e.Multiplicity} {e.Name}"
            : l).ToList();

    /// <summary>The first lines where two normalised listings part, as an assertion message; null when they agree.</summary>
    /// <param name="vrMayBeHidden">
    /// True when one side was read from implicit VR: a line may then show its value under another VR, and a sequence of
    /// an unknown (private) tag may show as its raw bytes ("??"/"UN", the items unparsed) on one side: its subtree is
    /// then skipped on the other side.
    /// </param>
    public static string? Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedLabel, string actualLabel, bool vrMayBeHidden)
    {
        int i = 0, j = 0;
        while (i < expected.Count || j < actual.Count)
        {
            var e = i < expected.Count ? expected[i] : "(end of listing)";
            var a = j < actual.Count ? actual[j] : "(end of listing)";
            if (string.Equals(e, a, StringComparison.Ordinal) || (vrMayBeHidden && SameValueUnderAnotherVR(e, a)))
            {
                i++;
                j++;
            }
            else if (vrMayBeHidden && IsSequenceShownAsBytes(e, a))
            {
                i = AfterSubtree(expected, i);
                j++;
            }
            else if (vrMayBeHidden && IsSequenceShownAsBytes(a, e))
            {
                i++;
                j = AfterSubtree(actual, j);
            }
            else
            {
                return $"line {i + 1} of the data set differs ({expected.Count} vs {actual.Count} lines):\n{expectedLabel}: {Clip(e)}\n{actualLabel}: {Clip(a)}";
            }
        }

        return null;
    }

    private static bool IsSequenceShownAsBytes(string sequence, string bytes) =>
        DcmdumpElement.TryParse(sequence, isMeta: false) is { VR: "SQ" } s && DcmdumpElement.TryParse(bytes, isMeta: false) is { VR: "??" or "UN" } b
        && s.Tag == b.Tag && s.Depth == b.Depth;

    // The index after a sequence line and every line nested in it.
    private static int AfterSubtree(IReadOnlyList<string> lines, int at)
    {
        var depth = DcmdumpElement.TryParse(lines[at], isMeta: false)!.Depth;
        var k = at + 1;
        while (k < lines.Count && (DcmdumpElement.TryParse(lines[k], isMeta: false)?.Depth ?? int.MaxValue) > depth)
        {
            k++;
        }

        return k;
    }

    private static bool SameValueUnderAnotherVR(string expected, string actual) =>
        DcmdumpElement.TryParse(expected, isMeta: false) is { } e && DcmdumpElement.TryParse(actual, isMeta: false) is { } a
        && DumpValueBytes.SameElementUnderAnotherVR(e, a);

    private static bool IsRecordOffset(DcmdumpElement e) => e.Group == 0x0004 && e.Element is 0x1200 or 0x1202 or 0x1400 or 0x1420;

    // dcmdump's "#  offset=$N" under each DICOMDIR record, in order: position -> record number (1-based).
    private static Dictionary<long, int> RecordPositions(string dump)
    {
        var records = new Dictionary<long, int>();
        foreach (Match m in RecordPosition().Matches(dump))
        {
            records.TryAdd(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), records.Count + 1);
        }

        return records;
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "...";

    [GeneratedRegex(@"#\s+offset=\$(\d+)")]
    private static partial Regex RecordPosition();

    [GeneratedRegex(@"with (explicit|undefined) length ")]
    private static partial Regex LengthEncoding();
}
