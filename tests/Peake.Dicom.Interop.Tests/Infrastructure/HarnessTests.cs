using System.Diagnostics;

namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>The harness itself: real processes, deadlines that kill, and the dcmdump parser the tests rely on.</summary>
[Trait("Category", "Interop")]
[Collection(CorpusCollection.Name)]
public sealed class HarnessTests(CorpusFixture corpus)
{
    [Fact]
    public void DcmtkTool_Should_RunTheInstalledDcmtk()
    {
        var result = DcmtkTool.Run("dcmdump", "--version");
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("dcmdump v3.", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessRunner_Should_KillAProcessThatOutlivesItsDeadline()
    {
        var watch = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(300));
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void PeakeCli_Should_RunTheBuiltToolAsAProcess()
    {
        var file = corpus.File("files/vr-standard.dcm");
        var result = PeakeCli.Dump(file.Path);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("2.25.271828182845904523536028747135266249775.1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void DcmdumpListing_Should_JoinTextValuesThatHoldLineBreaks()
    {
        var listing = DcmtkTool.Dump(corpus.File("files/charset-latin1.dcm").Path);
        var parsed = DcmdumpListing.Parse(listing.StandardOutput);
        var comments = parsed.Find(0x0010, 0x4000);
        Assert.NotNull(comments);
        Assert.Equal("LT", comments.VR);
        Assert.Contains('\n', comments.Value);
        Assert.Equal("PatientComments", comments.Name);
    }

    [Fact]
    public void DcmdumpListing_Should_ReportDepthLengthAndMetaOfEachLine()
    {
        const string Output = """
            # Dicom-Meta-Information-Header
            (0002,0010) UI [1.2.840.10008.1.2.1]                    #  20, 1 TransferSyntaxUID

            # Dicom-Data-Set
            (0040,a730) SQ (Sequence with undefined length #=1)     # u/l, 1 ContentSequence
              (fffe,e000) na (Item with explicit length #=1)          #  10, 1 Item
                (0040,a010) CS [A # B]                                  #   6, 1 RelationshipType
            """;
        var parsed = DcmdumpListing.Parse(Output);
        Assert.Equal(4, parsed.Elements.Count);
        Assert.True(parsed.Elements[0].IsMeta);
        Assert.Null(parsed.Elements[1].Length);
        Assert.True(parsed.Elements[2].IsItem);
        Assert.Equal(2, parsed.Elements[3].Depth);
        Assert.Equal("[A # B]", parsed.Elements[3].Value);
        Assert.Equal(1, parsed.MaxSequenceDepth);
    }
}
