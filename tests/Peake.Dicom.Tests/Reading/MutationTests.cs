using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Peake.Dicom.Tests.Reading;

/// <summary>
/// Takes valid files and damages them (truncation, bit flips, rewritten length fields) with a fixed seed: whatever
/// the damage, reading ends in a data set or a <see cref="DicomParseException"/>, never another exception, each case
/// within a time bound.
/// </summary>
public class MutationTests
{
    private const int Seed = 20261129;
    private const int CasesPerSeed = 1000;
    private static readonly TimeSpan PerCaseBound = TimeSpan.FromSeconds(2);

    public static TheoryData<string> SeedNames() => [.. Seeds().Keys];

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void Should_only_throw_DicomParseException_for_damaged_files(string seedName)
    {
        var valid = Seeds()[seedName];
        DicomFile.Read(new MemoryStream(valid)); // the seed itself is valid
        var random = new Random(Seed ^ seedName.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        var cases = 0;
        foreach (var mutant in Mutants(valid, random, CasesPerSeed))
        {
            cases++;
            var watch = Stopwatch.StartNew();
            try
            {
                var file = DicomFile.Read(new MemoryStream(mutant), new DicomReadOptions { MaxInflatedLength = 64 << 20 });
                Touch(file.Dataset);
            }
            catch (DicomParseException)
            {
            }

            Assert.True(watch.Elapsed < PerCaseBound, $"case {cases} of {seedName} took {watch.Elapsed}");
        }

        Assert.Equal(CasesPerSeed, cases);
    }

    /// <summary>Reads every value the way a caller would, so lazily decoded text is exercised too.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (var e in dataset)
        {
            switch (e)
            {
                case DicomSequence s:
                    foreach (var item in s.Items)
                    {
                        Touch(item);
                    }

                    break;
                case DicomValueElement v when v.VR.IsString:
                    _ = dataset.GetStrings(v.Tag);
                    break;
            }
        }
    }

    private static IEnumerable<byte[]> Mutants(byte[] valid, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var m = (byte[])valid.Clone();
            switch (i % 4)
            {
                case 0:
                    yield return m[..random.Next(0, m.Length)];
                    break;
                case 1:
                    for (var k = random.Next(1, 8); k > 0; k--)
                    {
                        var at = random.Next(132, m.Length);
                        m[at] ^= (byte)(1 << random.Next(8));
                    }

                    yield return m;
                    break;
                case 2:
                    // Rewrite a 16- or 32-bit field with a hostile length.
                    uint[] lengths = [0, 1, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFF0, 0x7FFFFFFF, (uint)random.Next()];
                    var pos = random.Next(132, m.Length - 4);
                    BitConverter.GetBytes(lengths[random.Next(lengths.Length)]).CopyTo(m, pos);
                    yield return m;
                    break;
                default:
                    var from = random.Next(132, m.Length);
                    var len = random.Next(1, Math.Min(64, m.Length - from + 1));
                    yield return [.. m[..from], .. m[Math.Min(m.Length, from + len)..]];
                    break;
            }
        }
    }

    private static Dictionary<string, byte[]> Seeds()
    {
        var nested = new RawDicom()
            .ExplicitString(0x0008, 0x0005, "CS", "ISO_IR 192")
            .Tag(0x0008, 0x1115).Ascii("SQ").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .ExplicitString(0x0008, 0x1150, "UI", "1.2.3\0")
            .Tag(0x0008, 0x1199).Ascii("SQ").U16(0).U32(28)
            .Tag(0xFFFE, 0xE000).U32(20)
            .Explicit(0x0010, 0x0010, "PN", Encoding.UTF8.GetBytes("Jérôme^Buc"))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Tag(0x0009, 0x0010).Ascii("LO").U16(4).Ascii("ACME")
            .Tag(0x0009, 0x1001).Ascii("UN").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Implicit(0x0010, 0x0020, Encoding.ASCII.GetBytes("ID42"))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Explicit(0x0028, 0x0010, "US", [0, 1])
            .ExplicitLong(0x7FE0, 0x0010, "OW", new byte[64])
            .ToArray();
        var encapsulated = new RawDicom()
            .ExplicitString(0x0010, 0x0010, "PN", "Enc^Aps")
            .Tag(0x7FE0, 0x0010).Ascii("OB").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(4).U32(0)
            .Tag(0xFFFE, 0xE000).U32(6).Bytes(0xFF, 0xD8, 1, 2, 0xFF, 0xD9)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var implicitVR = new RawDicom()
            .Implicit(0x0008, 0x0060, Encoding.ASCII.GetBytes("CT"))
            .Tag(0x0008, 0x1115).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(12)
            .Implicit(0x0008, 0x1150, Encoding.ASCII.GetBytes("1.2\0"))
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Implicit(0x7FE0, 0x0010, new byte[32])
            .ToArray();
        var bigEndian = new RawDicom(bigEndian: true)
            .Tag(0x0010, 0x0010).Ascii("PN").U16(4).Ascii("A^B ")
            .Tag(0x0028, 0x0010).Ascii("US").U16(2).U16(512)
            .Tag(0x7FE0, 0x0010).Ascii("OW").U16(0).U32(8).U16(1).U16(2).U16(3).U16(4)
            .ToArray();
        var deflated = new MemoryStream();
        using (var z = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(nested);
        }

        return new()
        {
            ["explicit-nested"] = RawDicom.Part10("1.2.840.10008.1.2.1", nested),
            ["encapsulated"] = RawDicom.Part10("1.2.840.10008.1.2.4.50", encapsulated),
            ["implicit"] = RawDicom.Part10("1.2.840.10008.1.2", implicitVR),
            ["big-endian"] = RawDicom.Part10("1.2.840.10008.1.2.2", bigEndian),
            ["deflated"] = RawDicom.Part10("1.2.840.10008.1.2.1.99", deflated.ToArray()),
        };
    }
}
