using System.Text.Json;
using System.Text.Json.Nodes;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>
/// dcm2json against <see cref="DicomJsonWriter"/> on every file of the shared dcmtk corpus. dcm2json refuses some
/// files (encapsulated pixel data, character sets glibc iconv cannot convert, NaN) and prints invalid JSON for a
/// few DS forms ("1."): for those our output must still be valid JSON that reads back, which is checked instead.
/// </summary>
[Trait("Category", "Interop")]
[Collection(CorpusCollection.Name)]
public sealed class DcmJsonCorpusParityTests(CorpusFixture corpus)
{
    // The corpus nests sequences 40 deep: 121 JSON levels, beyond System.Text.Json's default of 64.
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 512 };

    public static TheoryData<string> AllFiles => CorpusFixture.Names();

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Should_write_the_json_model_dcm2json_writes_for_each_corpus_file(string name)
    {
        var file = corpus.File(name);
        var ours = DicomJsonWriter.Serialize(DicomFile.Open(file.Path).Dataset);
        using var actual = JsonDocument.Parse(ours, Deep);
        Assert.Equal(ours, DicomJsonWriter.Serialize(DicomJsonReader.Read(ours)));

        var dcmtk = DcmtkTool.Json(file.Path, "-fc");
        var text = dcmtk.StandardOutput;
        if (dcmtk.Succeeded && file.ValuesOf("charset").Any(c => c.EndsWith("IR 13", StringComparison.Ordinal)))
        {
            text = Dcm2JsonQuirks.SplitYenSeparatedValues(JsonNode.Parse(text, documentOptions: Deep)!).ToJsonString();
        }

        if (!dcmtk.Succeeded)
        {
            // Only the refusals we know of: compressed pixel data, and character sets glibc iconv cannot convert.
            Assert.True(file.Dcm2jsonFails, "dcm2json failed unexpectedly: " + dcmtk.Describe());
            return;
        }

        if (!TryParse(text, out var expected))
        {
            // dcm2json 3.6.7 prints DS "1." and "0e0" as they are (not JSON); ours was checked above.
            return;
        }

        using (expected)
        {
            var differences = JsonModelComparer.Compare(expected.RootElement, actual.RootElement);
            Assert.True(differences.Count == 0, $"{name}: {differences.Count} differences from dcm2json:\n{string.Join('\n', differences.Take(40))}");
        }
    }

    private static bool TryParse(string json, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(json, Deep);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }
}
