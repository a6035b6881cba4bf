using System.Globalization;
using System.Text.Json;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests;

/// <summary>
/// The corpus the interop tests stand on: it must hold what the issue asks for (every VR, character set,
/// transfer syntax and structure), every file must be a valid Part 10 file to dcmtk, and every claim the
/// manifest makes about a file must be true of the file. A corpus that silently lost a case would let
/// the comparison tests pass without testing it.
/// </summary>
[Trait("Category", "Interop")]
[Collection(CorpusCollection.Name)]
public sealed class CorpusTests(CorpusFixture corpus)
{
    private static readonly string[] AllVRs =
        "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".Split(' ');

    // The character sets the issue names: PS3.3 C.12.1.1.2 single-byte sets, UTF-8, GB18030, GBK, and the
    // ISO 2022 code extensions for Japanese, Korean and Chinese.
    private static readonly string[] IssueCharsets =
    [
        "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126",
        "ISO_IR 138", "ISO_IR 148", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030", "GBK",
    ];

    private static readonly string[] IssueCodeExtensions =
        ["ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 13", "ISO 2022 IR 149", "ISO 2022 IR 58"];

    private static readonly string[] IssueTransferSyntaxes =
    [
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
        "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
    ];

    private static readonly string[] StructuralFeatures =
    [
        "multi-valued", "empty-values", "private", "sequences", "lengths:undefined", "un-undefined", "mixed-lengths",
        "multi-frame", "signed", "unsigned", "color", "planar:0", "planar:1", "overlay", "float-pixels", "img2dcm",
        "bits:8", "bits:16", "bot:present", "bot:empty", "eot", "fragments:per-frame", "fragments:split",
        "group-lengths", "trailing-padding",
    ];

    // 40 nested sequences are ~120 JSON levels (element, Value array, item per sequence): past the default 64.
    private static readonly JsonDocumentOptions DeepJson = new() { MaxDepth = 1024 };

    public static TheoryData<string> AllFiles => CorpusFixture.Names();

    public static TheoryData<string> CharsetFilesDcmtkConverts =>
        CorpusFixture.Names(f => f.ValueOf("pn") is not null && f.DcmtkConvertsCharset);

    [Fact]
    public void Should_HoldEveryFileTheManifestLists()
    {
        Assert.True(corpus.Files.Count >= 150, $"only {corpus.Files.Count} files in {corpus.ManifestPath}");
        Assert.All(corpus.Files, f => Assert.True(new FileInfo(f.Path).Length > 132, $"{f.Name} is missing or shorter than a preamble"));
        Assert.Equal(corpus.Files.Count, corpus.Files.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void Should_CoverEveryVR()
    {
        var claimed = corpus.Files.SelectMany(f => f.ValuesOf("vr")).ToHashSet();
        Assert.Empty(AllVRs.Except(claimed));
    }

    [Fact]
    public void Should_CoverEveryCharacterSetOfTheIssue()
    {
        var charsets = corpus.Files.Select(f => f.ValueOf("charset")).OfType<string>().ToList();
        var values = charsets.SelectMany(c => c.Split('\\')).ToHashSet();
        Assert.Empty(IssueCharsets.Except(values));
        Assert.Empty(IssueCodeExtensions.Except(values));
        Assert.Contains("", charsets); // and a file with no Specific Character Set (the default repertoire)
    }

    [Fact]
    public void Should_CoverEveryTransferSyntaxOfTheIssue()
    {
        var syntaxes = corpus.Files.Select(f => f.TransferSyntaxUid).ToHashSet();
        Assert.Empty(IssueTransferSyntaxes.Except(syntaxes));
    }

    [Fact]
    public void Should_CoverEveryStructuralCase()
    {
        var features = corpus.Files.SelectMany(f => f.Features).ToHashSet();
        Assert.Empty(StructuralFeatures.Except(features));
        Assert.Contains(corpus.Files, f => f.ValuesOf("depth").Any(d => int.Parse(d, CultureInfo.InvariantCulture) >= 40));
        Assert.Contains(corpus.Files, f => f.ValueOf("frames") == "10" && f.IsEncapsulated);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryFile_Should_PassDcmftest(string name)
    {
        var file = corpus.File(name);
        Assert.True(DcmtkTool.IsPart10File(file.Path), $"dcmftest rejects {name}");
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryFile_Should_BeReadByDcmdumpWithoutErrorAndHoldWhatTheManifestClaims(string name)
    {
        var file = corpus.File(name);
        var result = DcmtkTool.Dump(file.Path);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Empty(result.ErrorLines);
        var listing = DcmdumpListing.Parse(result.StandardOutput);

        var ts = listing.Meta.Single(e => e.Group == 0x0002 && e.Element == 0x0010);
        Assert.Equal($"[{file.TransferSyntaxUid}]", ts.Value);

        var vrs = listing.Dataset.Select(e => e.VR).ToHashSet();
        Assert.All(file.ValuesOf("vr"), vr => Assert.Contains(vr, vrs));

        if (file.ValueOf("charset") is { } charset)
        {
            var element = listing.Find(0x0008, 0x0005);
            Assert.Equal(charset, element is null ? "" : element.Value.Trim('[', ']'));
        }
        if (file.ValueOf("frames") is { } frames && frames != "1")
        {
            Assert.Equal($"[{frames}]", listing.Find(0x0028, 0x0008)?.Value);
        }
        if (file.ValueOf("depth") is { } depth)
        {
            Assert.True(listing.MaxSequenceDepth >= int.Parse(depth, CultureInfo.InvariantCulture),
                $"{name}: sequences nest {listing.MaxSequenceDepth} deep, manifest says {depth}");
        }
        if (file.Has("lengths:undefined"))
        {
            Assert.Contains(listing.Dataset, e => e.VR == "SQ" && e.Length is null);
            Assert.DoesNotContain(listing.Dataset, e => (e.VR == "SQ" || e.IsItem) && e.Length is not null);
        }
        if (file.Has("mixed-lengths"))
        {
            Assert.Contains(listing.Dataset, e => e.IsItem && e.Length is null);
            Assert.Contains(listing.Dataset, e => e.IsItem && e.Length is > 0);
        }
        if (file.Has("group-lengths"))
        {
            Assert.Contains(listing.Dataset, e => e.Element == 0x0000 && e.VR == "UL");
        }
        if (file.Has("trailing-padding"))
        {
            Assert.NotNull(listing.Find(0xFFFC, 0xFFFC));
        }
        if (file.IsEncapsulated)
        {
            AssertEncapsulation(file, listing);
        }
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryFile_Should_BeConvertedByDcm2jsonExactlyWhenTheManifestDoesNotMarkItAsFailing(string name)
    {
        // dcm2json 3.6.7 refuses encapsulated pixel data and the sets glibc iconv lacks (ISO 2022 Japanese);
        // the JSON comparison tests rely on this mark to know where dcmtk has no answer.
        var file = corpus.File(name);
        var result = DcmtkTool.Json(file.Path);
        if (file.Dcm2jsonFails)
        {
            Assert.False(result.Succeeded, $"dcm2json now converts {name}: drop its dcm2json:fails mark in make-corpus.sh");
        }
        else
        {
            Assert.True(result.Succeeded, result.Describe());
            using var json = JsonDocument.Parse(result.StandardOutput, DeepJson);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }
    }

    [Fact]
    public void UnUndefinedFile_Should_HoldAnExplicitUNHeaderWithUndefinedLength()
    {
        // PS3.5 7.1.2: tag, "UN", two reserved bytes, then the 32-bit length 0xFFFFFFFF.
        byte[] header = [0x33, 0x00, 0x10, 0x10, (byte)'U', (byte)'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        var files = corpus.Files.Where(f => f.Has("un-undefined")).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.ReadAllBytes(f.Path).AsSpan().IndexOf(header) > 0, f.Name));
    }

    [Theory]
    [MemberData(nameof(CharsetFilesDcmtkConverts))]
    public void CharsetFile_Should_DecodeInDcm2jsonToTheNameTheManifestExpects(string name)
    {
        var file = corpus.File(name);
        var result = DcmtkTool.Json(file.Path);
        Assert.True(result.Succeeded, result.Describe());
        using var json = JsonDocument.Parse(result.StandardOutput, DeepJson);
        var pn = json.RootElement.GetProperty("00100010").GetProperty("Value")[0];
        var groups = new[] { "Alphabetic", "Ideographic", "Phonetic" }
            .Select(g => pn.TryGetProperty(g, out var v) ? v.GetString() : "");
        var expected = file.ValueOf("pn")!;
        Assert.Equal(expected.TrimEnd('='), string.Join('=', groups).TrimEnd('='));
    }

    private static void AssertEncapsulation(CorpusFile file, DcmdumpListing listing)
    {
        var pixelData = listing.Find(0x7FE0, 0x0010);
        Assert.NotNull(pixelData);
        Assert.Null(pixelData.Length); // PS3.5 A.4: encapsulated pixel data has undefined length
        var items = listing.Dataset.Where(e => e.VR == "pi").ToList();
        var frames = int.Parse(file.ValueOf("frames") ?? "1", CultureInfo.InvariantCulture);
        if (file.Has("bot:empty"))
        {
            Assert.Equal(0, items[0].Length);
        }
        if (file.Has("bot:present"))
        {
            Assert.Equal(4 * frames, items[0].Length); // one 32-bit offset per frame
        }
        if (file.Has("eot"))
        {
            // PS3.3 C.7.6.3.1: one 64-bit offset and one 64-bit length per frame, beside an empty BOT.
            Assert.Equal(8 * frames, listing.Find(0x7FE0, 0x0001)?.Length);
            Assert.Equal(8 * frames, listing.Find(0x7FE0, 0x0002)?.Length);
        }
        if (file.Has("fragments:per-frame"))
        {
            Assert.Equal(frames, items.Count - 1);
        }
        if (file.Has("fragments:split"))
        {
            Assert.True(items.Count - 1 > frames, $"{file.Name}: {items.Count - 1} fragments for {frames} frames");
        }
    }
}
