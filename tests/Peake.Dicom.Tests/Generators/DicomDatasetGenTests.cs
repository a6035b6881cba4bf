using CsCheck;

namespace Peake.Dicom.Tests.Generators;

/// <summary>The generators must reach every shape the round-trip properties are meant to cover, and only valid ones.</summary>
public class DicomDatasetGenTests
{
    private sealed class Seen
    {
        public HashSet<DicomVR> ValueVRs { get; } = [];

        public int MaxDepth { get; set; }

        public bool DefinedSequence { get; set; }

        public bool UndefinedSequence { get; set; }

        public bool DefinedItem { get; set; }

        public bool UndefinedItem { get; set; }

        public bool EmptyItem { get; set; }

        public bool UnSequence { get; set; }

        public bool Fragments { get; set; }

        public bool PrivateCreator { get; set; }

        public bool PrivateElement { get; set; }

        public List<string> Invalid { get; } = [];
    }

    private static void Walk(DicomDataset ds, int depth, Seen seen)
    {
        seen.MaxDepth = Math.Max(seen.MaxDepth, depth);
        DicomTag? previous = null;
        foreach (var e in ds)
        {
            if (previous is { } p && p >= e.Tag)
            {
                seen.Invalid.Add($"{e.Tag} after {p}");
            }

            previous = e.Tag;
            if (e.Tag.Group is 0x0002 or 0xFFFE || e.Tag.IsGroupLength)
            {
                seen.Invalid.Add($"{e.Tag} must not be generated");
            }

            seen.PrivateCreator |= e.Tag.IsPrivateCreator;
            seen.PrivateElement |= e.Tag.IsPrivate && !e.Tag.IsPrivateCreator && ds.GetPrivateCreator(e.Tag) is not null;
            switch (e)
            {
                case DicomValueElement v:
                    seen.ValueVRs.Add(v.VR);
                    if (v.Length % 2 != 0 || (v.Length % v.VR.UnitSize) != 0 || (!v.VR.HasLongLength && v.Length > 0xFFFE))
                    {
                        seen.Invalid.Add($"{e.Tag} {v.VR} has length {v.Length}");
                    }

                    break;
                case DicomSequence s:
                    seen.UnSequence |= s.VR == DicomVR.UN;
                    seen.DefinedSequence |= !s.UndefinedLength;
                    seen.UndefinedSequence |= s.UndefinedLength;
                    foreach (var item in s.Items)
                    {
                        seen.DefinedItem |= !item.UndefinedLength;
                        seen.UndefinedItem |= item.UndefinedLength;
                        seen.EmptyItem |= item.Count == 0;
                        Walk(item, depth + 1, seen);
                    }

                    break;
                case DicomFragments f:
                    seen.Fragments = true;
                    if (f.OffsetTable.Length % 4 != 0 || f.Fragments.Any(x => x.Length % 2 != 0))
                    {
                        seen.Invalid.Add($"{e.Tag} fragments with odd lengths");
                    }

                    break;
            }
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    public void Given_many_generated_datasets_Then_every_VR_and_structure_appears_and_all_are_valid(string uid)
    {
        var seen = new Seen();

        DicomDatasetGen.For(DicomTransferSyntax.Parse(uid)).Sample(ds => Walk(ds, 0, seen), iter: 500, seed: "0N0XIzNsQ0O2", threads: 1);

        Assert.Empty(seen.Invalid);
        Assert.Equal(DicomValueGen.ValueVRs.Length, seen.ValueVRs.Count);
        Assert.True(seen.MaxDepth >= 3, $"deepest nesting {seen.MaxDepth}");
        Assert.True(seen.DefinedItem && seen.UndefinedItem && seen.EmptyItem, "item kinds");
        Assert.True(seen.DefinedSequence && seen.UndefinedSequence && seen.UnSequence && seen.Fragments, "sequence kinds and fragments");
        Assert.True(seen.PrivateCreator && seen.PrivateElement, "private creators with their elements");
    }

    [Fact]
    public void Given_implicit_syntax_Then_sequences_have_defined_length_only_on_dictionary_sequence_tags()
    {
        var offenders = new List<DicomTag>();

        void Check(DicomDataset ds, bool implicitContext)
        {
            foreach (var s in ds.OfType<DicomSequence>())
            {
                if (implicitContext && !s.UndefinedLength && !DicomDatasetGen.IsDictionarySequence(s.Tag))
                {
                    offenders.Add(s.Tag);
                }

                foreach (var item in s.Items)
                {
                    Check(item, implicitContext || s.VR == DicomVR.UN);
                }
            }
        }

        DicomDatasetGen.For(DicomTransferSyntax.ExplicitVRLittleEndian).Sample(ds => Check(ds, false), iter: 300, seed: "0N0XIzNsQ0O2", threads: 1);
        DicomDatasetGen.For(DicomTransferSyntax.ImplicitVRLittleEndian).Sample(ds => Check(ds, true), iter: 300, seed: "0N0XIzNsQ0O2", threads: 1);

        Assert.Empty(offenders);
    }

    [Fact]
    public void Given_the_comparer_When_a_value_byte_differs_Then_it_names_the_element_path()
    {
        var a = new DicomDataset();
        var item = new DicomDataset();
        item.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)1);
        a.Set(new DicomSequence(new DicomTag(0x0008, 0x1140), [item]));
        var b = new DicomDataset();
        var other = new DicomDataset();
        other.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)2);
        b.Set(new DicomSequence(new DicomTag(0x0008, 0x1140), [other]));

        var diff = DicomDatasetComparer.Difference(a, b, compareVR: true);

        Assert.Equal("(0008,1140)[0].(0028,0010): value differs at byte 0 (0x02 instead of 0x01)", diff);
        Assert.True(DicomDatasetComparer.AreEqual(a, a, compareVR: true));
    }

    [Fact]
    public void Given_the_comparer_When_only_VRs_differ_Then_equal_only_without_VR_comparison()
    {
        var a = new DicomDataset();
        a.Set(new DicomValueElement(new DicomTag(0x0011, 0x1001), DicomVR.LO, new byte[] { 0x41, 0x20 }));
        var b = new DicomDataset();
        b.Set(new DicomValueElement(new DicomTag(0x0011, 0x1001), DicomVR.UN, new byte[] { 0x41, 0x20 }));

        Assert.False(DicomDatasetComparer.AreEqual(a, b, compareVR: true));
        Assert.True(DicomDatasetComparer.AreEqual(a, b, compareVR: false));
    }
}
