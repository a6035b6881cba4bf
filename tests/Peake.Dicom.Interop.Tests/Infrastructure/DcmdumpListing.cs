namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>dcmdump's listing parsed into element lines, meta group and data set told apart.</summary>
public sealed class DcmdumpListing
{
    private DcmdumpListing(IReadOnlyList<DcmdumpElement> elements) => Elements = elements;

    public IReadOnlyList<DcmdumpElement> Elements { get; }

    public IEnumerable<DcmdumpElement> Meta => Elements.Where(e => e.IsMeta);

    public IEnumerable<DcmdumpElement> Dataset => Elements.Where(e => !e.IsMeta);

    /// <summary>Deepest sequence nesting: a top-level sequence is 1, a sequence in its item is 2, ...</summary>
    public int MaxSequenceDepth => Dataset.Where(e => e.VR == "SQ").Select(e => e.Depth / 2 + 1).DefaultIfEmpty(0).Max();

    /// <summary>The first top-level data set element with this tag, or null.</summary>
    public DcmdumpElement? Find(ushort group, ushort element) =>
        Dataset.FirstOrDefault(e => e.Depth == 0 && e.Group == group && e.Element == element);

    public static DcmdumpListing Parse(string output)
    {
        var elements = new List<DcmdumpElement>();
        var inMeta = false;
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal))
            {
                inMeta = true;
            }
            else if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                inMeta = false;
            }
            else if (DcmdumpElement.TryParse(line, inMeta) is { } e)
            {
                elements.Add(e);
            }
            else if (line.TrimStart().StartsWith('(') && TryJoin(lines, ref i, line, inMeta) is { } joined)
            {
                elements.Add(joined);
            }
        }
        return new DcmdumpListing(elements);
    }

    // dcmdump prints text values as they are, so a CR LF inside LT/UT/ST splits the element over several
    // output lines: join following lines until the "# length, vm" comment closes it.
    private static DcmdumpElement? TryJoin(string[] lines, ref int i, string first, bool inMeta)
    {
        var text = first;
        for (var j = i + 1; j < lines.Length && j <= i + MaxJoinedLines; j++)
        {
            text += "\n" + lines[j].TrimEnd('\r');
            if (DcmdumpElement.TryParse(text, inMeta) is { } e)
            {
                i = j;
                return e;
            }
        }
        return null;
    }

    private const int MaxJoinedLines = 64;
}
