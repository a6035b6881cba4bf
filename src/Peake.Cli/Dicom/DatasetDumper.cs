using System.Globalization;
using System.Text;
using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>Writes one line per element, items indented, in the spirit of dcmdump's listing.</summary>
internal sealed class DatasetDumper(TextWriter output)
{
    private const int MaxShownValues = 16;
    private const int MaxShownBytes = 32;

    public void Write(DicomDataset dataset, int depth)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence seq:
                    Line(depth, element.Tag, element.VR.Code, $"(Sequence with {LengthWord(seq.UndefinedLength)} #={seq.Items.Count})", null, 1);
                    foreach (var item in seq.Items)
                    {
                        Line(depth + 1, DicomTag.Item, "na", $"(Item with {LengthWord(item.UndefinedLength)} #={item.Count})", null, 1);
                        Write(item, depth + 2);
                        Line(depth + 1, DicomTag.ItemDelimitation, "na", "(ItemDelimitationItem)", 0, 0);
                    }

                    Line(depth, DicomTag.SequenceDelimitation, "na", "(SequenceDelimitationItem)", 0, 0);
                    break;
                case DicomFragments frags:
                    Line(depth, element.Tag, element.VR.Code, $"(PixelSequence #={frags.Fragments.Count + 1})", null, 1);
                    Line(depth + 1, DicomTag.Item, "pi", Hex(frags.OffsetTable), frags.OffsetTable.Length, 1);
                    foreach (var f in frags.Fragments)
                    {
                        Line(depth + 1, DicomTag.Item, "pi", Hex(f), f.Length, 1);
                    }

                    Line(depth, DicomTag.SequenceDelimitation, "na", "(SequenceDelimitationItem)", 0, 0);
                    break;
                case DicomValueElement value:
                    var (text, vm) = Describe(dataset, value);
                    Line(depth, element.Tag, element.VR.Code, text, value.Length, vm, dataset.GetPrivateCreator(element.Tag));
                    break;
            }
        }
    }

    private static string LengthWord(bool undefined) => undefined ? "undefined length" : "explicit length";

    private static (string Text, int VM) Describe(DicomDataset dataset, DicomValueElement e)
    {
        if (e.Length == 0)
        {
            return ("(no value available)", 0);
        }

        if (e.VR.IsString)
        {
            var values = dataset.GetStrings(e.Tag);
            return ($"[{string.Join('\\', values)}]", values.Length);
        }

        if (!e.IsLoaded)
        {
            return ($"(not loaded: {e.Length} bytes at offset {e.Bulk!.Offset})", 1);
        }

        var numbers = Numbers(e);
        return numbers is null ? (Hex(e), 1) : numbers.Value;
    }

    private static (string, int)? Numbers(DicomValueElement e)
    {
        var bytes = e.Bytes;
        var span = bytes.Span;
        IEnumerable<string>? values = e.VR.Code switch
        {
            "US" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "SS" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "UL" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "SL" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "UV" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "SV" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(span).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            "FL" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
            "FD" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(span).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
            "AT" => Enumerable.Range(0, span.Length / 4).Select(i => new DicomTag(
                BitConverter.ToUInt16(bytes.Span.Slice(i * 4, 2)), BitConverter.ToUInt16(bytes.Span.Slice((i * 4) + 2, 2))).ToString()),
            _ => null,
        };
        if (values is null)
        {
            return null;
        }

        var list = values.ToList();
        var shown = string.Join('\\', list.Take(MaxShownValues)) + (list.Count > MaxShownValues ? "\\..." : string.Empty);
        return (shown, list.Count);
    }

    private static string Hex(DicomValueElement e)
    {
        if (!e.IsLoaded)
        {
            return $"(not loaded: {e.Length} bytes at offset {e.Bulk!.Offset})";
        }

        var span = e.Bytes.Span;
        var sb = new StringBuilder();
        for (var i = 0; i < Math.Min(span.Length, MaxShownBytes); i++)
        {
            sb.Append(i == 0 ? string.Empty : "\\").Append(span[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return span.Length > MaxShownBytes ? sb.Append("...").ToString() : sb.ToString();
    }

    private void Line(int depth, DicomTag tag, string vr, string value, long? length, int vm, string? privateCreator = null)
    {
        var head = $"{new string(' ', depth * 2)}({tag.Group:x4},{tag.Element:x4}) {vr} {value}";
        var len = length is { } l ? l.ToString(CultureInfo.InvariantCulture) : "u/l";
        output.WriteLine($"{head,-57} # {len,4}, {vm} {TagNames.Keyword(tag, privateCreator)}");
    }
}
