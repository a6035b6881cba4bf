using CsCheck;
using Peake.Dicom.Tests.Generators;

namespace Peake.Dicom.Tests.Writing;

/// <summary>
/// Write → read gives the same data set, and writing what was read gives the same bytes, for every writable syntax.
/// Implicit VR is compared without VRs (the VR of a value comes back from the dictionary, or as UN).
/// </summary>
public class RoundTripPropertyTests
{
    private const long Iterations = 300;

    public static TheoryData<string> WritableSyntaxes => new()
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    [Theory]
    [MemberData(nameof(WritableSyntaxes))]
    public void Given_random_dataset_When_written_and_read_back_Then_equal(string uid)
    {
        var syntax = DicomTransferSyntax.Parse(uid);

        DicomDatasetGen.For(syntax).Sample(
            dataset =>
            {
                var bytes = DicomWriter.ToBytes(dataset, syntax);
                var read = DicomReader.ReadDataset(new MemoryStream(bytes), syntax);

                var diff = DicomDatasetComparer.Difference(dataset, read, compareVR: syntax.IsExplicitVR);
                Assert.True(diff is null, diff);
                Assert.Equal(bytes, DicomWriter.ToBytes(read, syntax));
            },
            iter: Iterations,
            seed: null);
    }

    [Theory]
    [MemberData(nameof(WritableSyntaxes))]
    public void Given_random_dataset_When_written_as_file_and_read_back_Then_equal_with_meta(string uid)
    {
        var syntax = DicomTransferSyntax.Parse(uid);

        DicomDatasetGen.For(syntax, withFragments: false).Sample(
            dataset =>
            {
                dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
                dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.2.1");
                using var ms = new MemoryStream();
                DicomFileWriter.Write(ms, dataset, syntax);
                ms.Position = 0;

                var file = DicomFile.Read(ms);

                Assert.Same(syntax, file.TransferSyntax);
                Assert.Equal(DicomImplementation.ClassUid, file.Meta.GetString(new DicomTag(0x0002, 0x0012)));
                var diff = DicomDatasetComparer.Difference(dataset, file.Dataset, compareVR: syntax.IsExplicitVR);
                Assert.True(diff is null, diff);
            },
            iter: Iterations / 3,
            seed: null);
    }

    [Fact]
    public void Given_random_dataset_When_transcoded_explicit_to_implicit_and_back_Then_bytes_are_stable_after_the_first_pass()
    {
        // Data fit for implicit VR (see DicomDatasetGen), first encoded explicit with its random VRs.
        DicomDatasetGen.For(DicomTransferSyntax.ImplicitVRLittleEndian).Sample(
            generated =>
            {
                var dataset = DicomReader.ReadDataset(new MemoryStream(DicomWriter.ToBytes(generated, DicomTransferSyntax.ExplicitVRLittleEndian)), DicomTransferSyntax.ExplicitVRLittleEndian);
                Assert.True(DicomDatasetComparer.AreEqual(generated, dataset, compareVR: true));
                var implicitBytes = DicomWriter.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
                var viaImplicit = DicomReader.ReadDataset(new MemoryStream(implicitBytes), DicomTransferSyntax.ImplicitVRLittleEndian);
                var explicitBytes = DicomWriter.ToBytes(viaImplicit, DicomTransferSyntax.ExplicitVRLittleEndian);
                var back = DicomReader.ReadDataset(new MemoryStream(explicitBytes), DicomTransferSyntax.ExplicitVRLittleEndian);

                // VRs lost to implicit VR stay UN (PS3.5 6.2.2); values and structure survive both hops.
                var diff = DicomDatasetComparer.Difference(viaImplicit, back, compareVR: true);
                Assert.True(diff is null, diff);
                Assert.Equal(implicitBytes, DicomWriter.ToBytes(back, DicomTransferSyntax.ImplicitVRLittleEndian));
            },
            iter: Iterations / 3,
            seed: null);
    }
}
