using System.Text;
using CsCheck;

namespace Peake.Dicom.Tests.Generators;

/// <summary>
/// Random but valid data sets for round-trip properties: value elements of every VR, sequences (defined and undefined
/// length, empty items, nested up to <see cref="MaxDepth"/>), private creators with their private elements, UN
/// sequences of undefined length, and encapsulated pixel data fragments.
/// </summary>
/// <remarks>
/// Implicit VR loses VRs: a value reads back with the dictionary's VR (or UN), and a sequence of defined length is
/// only recognised as one when the dictionary says its tag is SQ. In an implicit context (an implicit VR syntax, or
/// the items of a UN sequence, which are always implicit VR LE) the generator therefore gives defined length only to
/// sequences whose tag the dictionary knows as SQ, never puts a value on such a tag, and the comparison ignores VRs
/// there (<see cref="DicomDatasetComparer"/>). Group lengths, group 0002, (0008,0005) and delimiter tags are never
/// generated: the writer recomputes the first, and the others are not data set content.
/// </remarks>
internal static class DicomDatasetGen
{
    public const int MaxDepth = 5;

    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);

    // Standard sequence attributes (PS3.6), so implicit VR data sets can carry defined-length sequences once the
    // dictionary knows them.
    private static readonly DicomTag[] KnownSequences =
    [
        new(0x0008, 0x1115), new(0x0008, 0x1140), new(0x0008, 0x9215), new(0x0040, 0x0275),
        new(0x0040, 0xA730), new(0x0054, 0x0016), new(0x0088, 0x0200),
    ];

    // Groups of PS3.6 that hold at least one SQ attribute (dcmtk 3.6.7 dictionary), plus the 50xx/60xx repeating groups.
    private static readonly HashSet<ushort> SequenceGroups =
    [
        0x0004, 0x0006, 0x0008, 0x0010, 0x0012, 0x0014, 0x0018, 0x0020, 0x0022, 0x0024, 0x0028, 0x0032, 0x0034, 0x0038,
        0x003A, 0x0040, 0x0042, 0x0044, 0x0046, 0x0048, 0x0050, 0x0052, 0x0054, 0x0060, 0x0062, 0x0064, 0x0066, 0x0068,
        0x006A, 0x0070, 0x0072, 0x0074, 0x0076, 0x0078, 0x0080, 0x0082, 0x0088, 0x0400, 0x2000, 0x2010, 0x2020, 0x2040,
        0x2050, 0x2100, 0x2120, 0x2130, 0x2200, 0x3002, 0x3004, 0x3006, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x4008,
        0x4010, 0x4FFE, 0x5200, 0x5400, 0xFFFA,
    ];

    private static readonly ushort[] CommonGroups = [0x0008, 0x0010, 0x0018, 0x0020, 0x0028, 0x0040, 0x0054, 0x0070, 0x3006, 0x300A];

    private static readonly Dictionary<(bool, int), Gen<DicomDataset>> Cache = [];

    /// <summary>A top-level data set for <paramref name="syntax"/>.</summary>
    public static Gen<DicomDataset> For(DicomTransferSyntax syntax, bool withFragments = true) =>
        Dataset(implicitContext: !syntax.IsExplicitVR, depth: 0).Select(ds =>
        {
            if (!withFragments && ds[PixelData] is DicomFragments)
            {
                ds.Remove(PixelData);
            }

            return ds;
        });

    /// <summary>Tags the dictionary reads as SQ in implicit VR (through the reader's own lookup).</summary>
    public static bool IsDictionarySequence(DicomTag tag) => DictionaryVRs.For(tag, null).Contains(DicomVR.SQ);

    private static Gen<DicomDataset> Dataset(bool implicitContext, int depth)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((implicitContext, depth), out var known))
            {
                return known;
            }
        }

        var parts = new List<(int, IGen<DicomElement[]>)>
        {
            (60, ValueTag(implicitContext).SelectMany(DicomValueGen.Element).Select(e => new[] { e })),
            (8, PrivateBlock()),
        };
        if (depth < MaxDepth)
        {
            parts.Add((10, Sequence(implicitContext, depth).Select(e => new[] { e })));
            parts.Add((3, UnSequence(depth).Select(e => new[] { e })));
            parts.Add((3, Fragments().Select(e => new[] { e })));
        }

        var maxElements = depth == 0 ? 30 : 8;
        var gen = Gen.Frequency([.. parts]).Array[0, maxElements].Select(groups =>
        {
            var ds = new DicomDataset();
            foreach (var group in groups)
            {
                foreach (var element in group)
                {
                    ds.Set(element);
                }
            }

            return ds;
        });

        lock (Cache)
        {
            Cache[(implicitContext, depth)] = gen;
        }

        return gen;
    }

    private static Gen<DicomDataset> Item(bool implicitContext, int depth) =>
        Gen.Select(Dataset(implicitContext, depth), Gen.Bool, (ds, undefined) =>
        {
            ds.UndefinedLength = undefined;
            return ds;
        });

    // Explicit VR: common groups (realistic tags, any VR) or any even group. Implicit VR: only groups in which PS3.6
    // defines no sequence, so no reader (ours or dcmtk) takes a value for a sequence; the dictionary check also
    // covers sequences added to the standard later.
    private static Gen<DicomTag> ValueTag(bool implicitContext)
    {
        var group = implicitContext
            ? Gen.UShort[0x0004, 0xFFFA].Select(g => (ushort)(g & 0xFFFE)).Where(g => !GroupHasSequences(g))
            : Gen.Frequency((3, (IGen<ushort>)Gen.OneOf(CommonGroups)), (1, Gen.UShort[0x0004, 0xFFFA].Select(g => (ushort)(g & 0xFFFE))));
        return group.Select(Gen.UShort[0x0001, 0xFFFF], (g, e) => new DicomTag(g, e))
            .Where(t => t.Group != 0x0002 && t != SpecificCharacterSet && t != PixelData && t.Group != 0xFFFC && !(implicitContext && IsDictionarySequence(t)));
    }

    private static bool GroupHasSequences(ushort group) => SequenceGroups.Contains(group) || (group & 0xFF00) is 0x5000 or 0x6000;

    // Implicit VR: a sequence of undefined length on a tag the dictionary knows with another VR would not parse, so
    // sequences other than the known ones take tags of even groups 8000-FFF8, where PS3.6 defines nothing.
    private static Gen<DicomTag> SequenceTag(bool implicitContext) =>
        implicitContext
            ? Gen.Select(Gen.UShort[0x8000, 0xFFF8], Gen.UShort[0x0001, 0xFFFF], (g, e) => new DicomTag((ushort)(g & 0xFFFE), e))
                .Where(t => DictionaryVRs.For(t, null).Count == 0)
            : ValueTag(implicitContext: false);

    private static Gen<DicomElement> Sequence(bool implicitContext, int depth) =>
        Gen.Select(
                Gen.Frequency((1, (IGen<DicomTag>)Gen.OneOf(KnownSequences)), (2, SequenceTag(implicitContext))),
                Gen.Bool,
                Item(implicitContext, depth + 1).Array[0, 3],
                (tag, undefined, items) => (tag, undefined, items))
            .Select(x =>
            {
                // Implicit VR: only the dictionary can tell a defined-length sequence from an opaque value.
                var undefined = x.undefined || (implicitContext && !IsDictionarySequence(x.tag));
                return (DicomElement)new DicomSequence(x.tag, x.items, undefined);
            });

    // PS3.5 6.2.2: UN of undefined length holds a sequence whose items are implicit VR LE, whatever the syntax.
    private static Gen<DicomElement> UnSequence(int depth) =>
        Gen.Select(PrivateGroup(), Gen.UShort[0x1000, 0xFFFF], Item(implicitContext: true, depth + 1).Array[0, 3], (g, e, items) =>
            (DicomElement)new DicomSequence(new DicomTag(g, e), items, undefinedLength: true, vr: DicomVR.UN));

    // PS3.5 7.8.1: a creator (gggg,00xx) LO reserves the block (gggg,xx00-xxFF).
    private static Gen<DicomElement[]> PrivateBlock() =>
        Gen.Select(PrivateGroup(), Gen.Byte[0x10, 0xFF], Gen.Int[1, 99], (g, block, n) => (g, block, n))
            .SelectMany(x => Gen.Byte.SelectMany(e => DicomValueGen.Element(new DicomTag(x.g, (ushort)((x.block << 8) | e)))).Array[1, 4]
                .Select(elements =>
                {
                    var creator = new DicomValueElement(new DicomTag(x.g, x.block), DicomVR.LO, DicomValueText.Pad(Encoding.ASCII.GetBytes($"PEAKE TEST {x.n:D2}"), DicomVR.LO));
                    return (DicomElement[])[creator, .. elements];
                }));

    private static Gen<ushort> PrivateGroup() => Gen.UShort[0x0009, 0xFFF9].Select(g => (ushort)(g | 1));

    // PS3.5 A.4: even-length fragments; the Basic Offset Table holds 32-bit offsets.
    private static Gen<DicomElement> Fragments() =>
        Gen.Select(
            Gen.OneOf(DicomVR.OB, DicomVR.OW),
            Gen.UInt.Array[0, 4],
            Gen.Int[1, 32].SelectMany(n => Gen.Byte.Array[n * 2]).Array[0, 4],
            (vr, offsets, fragments) => (DicomElement)new DicomFragments(
                PixelData,
                vr,
                new DicomValueElement(DicomTag.Item, DicomVR.OB, System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()),
                fragments.Select(f => new DicomValueElement(DicomTag.Item, DicomVR.OB, f))));
}
