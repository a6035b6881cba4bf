using System.Globalization;

namespace Peake.Dicom;

/// <summary>
/// The private elements of <see cref="DicomPrivateDictionaryData"/>, parsed once. PS3.5 7.8.1: a private element
/// (gggg,xxee) belongs to the creator recorded in (gggg,00xx), so it is known by (creator, group, ee) whatever
/// block xx the creator was given in a particular data set.
/// </summary>
internal sealed class DicomPrivateTable
{
    private readonly Dictionary<(string Creator, uint GroupAndLowByte), DicomDictionaryEntry> _exact = [];

    // Entries for a range of odd groups (e.g. 60xx), keyed by the group's high byte.
    private readonly Dictionary<(string Creator, uint GroupAndLowByte), DicomDictionaryEntry> _groupRanges = [];

    public static DicomPrivateTable Instance => Holder.Value;

    private static readonly Lazy<DicomPrivateTable> Holder = new(() => new DicomPrivateTable(DicomPrivateDictionaryData.Elements));

    private DicomPrivateTable(string packed)
    {
        var vrs = new DicomVRListCache();
        foreach (var line in packed.Split('\n'))
        {
            // creator|group|group mask|low byte|VRs|VM|keyword
            var f = line.TrimEnd('\r').Split('|');
            if (f.Length != 7)
            {
                continue;
            }

            var group = ushort.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var range = f[2].Length != 0;
            var low = byte.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var entry = new DicomDictionaryEntry(new DicomTag(group, low), f[6], f[6], vrs.Get(f[4]), f[5], false)
            {
                Mask = range ? 0xFF0000FF : 0xFFFF00FF,
                PrivateCreator = f[0],
            };
            (range ? _groupRanges : _exact)[(f[0], Key(group, low))] = entry;
            Count++;
        }
    }

    public int Count { get; }

    public DicomDictionaryEntry? Lookup(DicomTag tag, string creator)
    {
        var low = (byte)tag.Element;
        if (_exact.TryGetValue((creator, Key(tag.Group, low)), out var e))
        {
            return e;
        }

        return _groupRanges.TryGetValue((creator, Key((ushort)(tag.Group & 0xFF00), low)), out e) ? e : null;
    }

    private static uint Key(ushort group, byte low) => ((uint)group << 8) | low;
}
