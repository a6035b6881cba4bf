using System.Collections;
using System.Runtime.InteropServices;

namespace Peake.Dicom;

/// <summary>
/// A data set (or a sequence item): elements kept in ascending tag order (PS3.5 7.1). Text values are decoded with
/// the Specific Character Set of this data set, or of the enclosing one when an item does not set its own
/// (PS3.5 7.5.3).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private readonly List<DicomElement> _elements = [];

    // Set aside the list for a tree once an element arrives out of order: inserting into the middle of a list is
    // linear, and a hostile file of descending tags would make reading it quadratic.
    private SortedDictionary<uint, DicomElement>? _tree;
    private DicomTextEncoding? _encoding;

    public DicomDataset(DicomDataset? parent = null)
    {
        Parent = parent;
    }

    /// <summary>The data set whose sequence holds this item, or null for a top-level data set.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>For an item: whether it was (or is to be) encoded with undefined length and an item delimiter.</summary>
    public bool UndefinedLength { get; set; }

    /// <summary>
    /// For an item read from a file: where its item tag was, in bytes from the first byte of the file (preamble
    /// included; for a deflated data set, the meta part plus the position in the inflated data). Null for items built
    /// in memory. A DICOMDIR's record offsets (PS3.3 F.3.2.1) point at these positions, and the writer maps them to
    /// the records' new positions (<see cref="DicomDirectoryOffsets"/>).
    /// </summary>
    internal long? SourceOffset { get; set; }

    public int Count => _tree?.Count ?? _elements.Count;

    /// <summary>The text decoder in force for this data set's character-set dependent values.</summary>
    public DicomTextEncoding TextEncoding
    {
        get
        {
            if (_encoding is not null)
            {
                return _encoding;
            }

            if (Contains(SpecificCharacterSet))
            {
                // (0008,0005) itself is CS: always the default repertoire.
                return _encoding = DicomTextEncoding.FromSpecificCharacterSet(GetStrings(SpecificCharacterSet));
            }

            return Parent?.TextEncoding ?? DicomTextEncoding.Default;
        }
    }

    public bool Contains(DicomTag tag) => this[tag] is not null;

    public DicomElement? this[DicomTag tag]
    {
        get
        {
            if (_tree is not null)
            {
                return _tree.GetValueOrDefault(tag.Value);
            }

            var i = Find(tag);
            return i >= 0 ? _elements[i] : null;
        }
    }

    public bool TryGet(DicomTag tag, out DicomElement element)
    {
        element = this[tag]!;
        return element is not null;
    }

    /// <summary>Adds the element, replacing one with the same tag.</summary>
    public void Set(DicomElement element)
    {
        if (element.Tag == SpecificCharacterSet)
        {
            _encoding = null;
        }

        if (element is DicomSequence seq)
        {
            seq.Owner = this;
        }

        if (_tree is not null)
        {
            _tree[element.Tag.Value] = element;
            return;
        }

        // Files are almost always in order, so appending is the common case.
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
        {
            _elements.Add(element);
            return;
        }

        var i = Find(element.Tag);
        if (i >= 0)
        {
            _elements[i] = element;
            return;
        }

        _tree = new SortedDictionary<uint, DicomElement>(_elements.ToDictionary(e => e.Tag.Value))
        {
            [element.Tag.Value] = element,
        };
        _elements.Clear();
    }

    public bool Remove(DicomTag tag)
    {
        if (tag == SpecificCharacterSet)
        {
            _encoding = null;
        }

        if (_tree is not null)
        {
            return _tree.Remove(tag.Value);
        }

        var i = Find(tag);
        if (i >= 0)
        {
            _elements.RemoveAt(i);
        }

        return i >= 0;
    }

    /// <summary>The whole value as text (all values joined by backslash), padding removed; null when absent.</summary>
    public string? GetString(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement e || !e.VR.IsString)
        {
            return null;
        }

        var bytes = e.Bytes.Span;
        var text = e.VR.IsCharacterSetDependent ? TextEncoding.Decode(bytes, e.VR) : System.Text.Encoding.Latin1.GetString(bytes);
        return DicomValueText.TrimPadding(text, e.VR);
    }

    /// <summary>The values of a string element, each with insignificant spaces removed; empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var text = GetString(tag);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var vr = this[tag]!.VR;
        return vr.IsMultiValued ? [.. text.Split('\\').Select(v => DicomValueText.TrimValue(v, vr))] : [text];
    }

    /// <summary>The numbers of a binary element (US, SS, UL, SL, FL, FD, SV, UV, and the OB/OW/… "other" VRs).</summary>
    public T[] GetValues<T>(DicomTag tag)
        where T : unmanaged
    {
        return this[tag] is DicomValueElement e ? MemoryMarshal.Cast<byte, T>(e.Bytes.Span).ToArray() : [];
    }

    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>Sets a string element; the text is encoded with this data set's character set and padded to even length.</summary>
    public void SetString(DicomTag tag, DicomVR vr, string value)
    {
        if (!vr.IsString)
        {
            throw new ArgumentException($"{vr} is not a string VR", nameof(vr));
        }

        var bytes = vr.IsCharacterSetDependent && tag != SpecificCharacterSet
            ? TextEncoding.Encode(value, vr)
            : System.Text.Encoding.Latin1.GetBytes(value);
        Set(new DicomValueElement(tag, vr, DicomValueText.Pad(bytes, vr)));
    }

    /// <summary>Sets a binary numeric element from its values (little endian).</summary>
    public void SetValues<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        Set(new DicomValueElement(tag, vr, DicomValueText.Pad(bytes, vr)));
    }

    /// <summary>The private creator string that reserves the block of a private tag, or null.</summary>
    public string? GetPrivateCreator(DicomTag tag) =>
        tag.IsPrivate && !tag.IsPrivateCreator && tag.Element >= 0x1000 ? GetString(tag.PrivateCreatorTag) : null;

    public IEnumerator<DicomElement> GetEnumerator() => _tree is null ? _elements.GetEnumerator() : _tree.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Find(DicomTag tag)
    {
        int lo = 0, hi = _elements.Count - 1;
        var v = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = _elements[mid].Tag.Value;
            if (m == v)
            {
                return mid;
            }

            if (m < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
