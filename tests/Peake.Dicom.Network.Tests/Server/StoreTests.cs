using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's storescu against our SCP, writing into a folder store.</summary>
public sealed class StoreTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> StorageSyntaxes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["1.2.840.10008.1.1"] = ["1.2.840.10008.1.2"],
        [StoreCorpus.SecondaryCapture] = StoreCorpus.Syntaxes,
        [StoreCorpus.CtImage] = StoreCorpus.Syntaxes,
    };

    [Fact]
    public async Task Storescu_stores_every_file_with_its_data_set_byte_identical_in_its_own_syntax()
    {
        // Hundreds of files (issue 3): 30 shapes in each of the 7 syntaxes, uncompressed and compressed.
        using var corpus = await StoreCorpus.CreateAsync(shapes: 30);
        Assert.True(corpus.Files.Count >= 200, $"{corpus.Files.Count} files");
        await using var server = TestServer.Start(syntaxes: StorageSyntaxes);

        // storescu proposes one syntax family per run; each run sends the files already in that syntax.
        foreach (var group in corpus.Files.GroupBy(Part10.TransferSyntax))
        {
            var result = await PeerProcess.RunAsync(
                "storescu",
                ["-aet", "STORESCU", "-aec", TestServer.AeTitle, ProposeOption(group.Key), "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port, .. group],
                TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"{group.Key}: {result}");
        }

        Assert.Equal(corpus.Files.Count, server.StoredFiles().Length);
        foreach (var original in corpus.Files)
        {
            var stored = Path.Combine(server.Directory, Part10.SopInstanceUid(original) + ".dcm");
            Assert.True(File.Exists(stored), $"{original} was not stored");
            Assert.Equal(Part10.TransferSyntax(original), Part10.TransferSyntax(stored));
            // The store keeps exactly what was sent, a deflated data set with its even-length pad.
            var sent = Part10.DataSetBytesOnWire(original);
            var received = Part10.DataSetBytes(stored);
            Assert.True(sent.AsSpan().SequenceEqual(received), $"{original} ({Part10.TransferSyntax(original)}): {sent.Length} bytes sent, {received.Length} stored");
            // The file meta group written here must satisfy dcmtk as well.
            var dump = await PeerProcess.RunAsync("dcmdump", ["-q", stored], TimeSpan.FromSeconds(30));
            Assert.True(dump.ExitCode == 0 && dump.StandardError.Length == 0, $"dcmdump {stored}: {dump}");
        }
        Assert.Equal(server.StoredFiles().Length, server.AllFiles().Length);
    }

    [Fact]
    public async Task A_large_data_set_is_streamed_to_the_store_in_pdu_sized_fragments_and_arrives_byte_identical()
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-large-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "large.dcm");
            WriteLargeFile(file, pixelBytes: 24 * 1024 * 1024);
            RecordingStoreHandler? recorder = null;
            await using var server = TestServer.Start(syntaxes: StorageSyntaxes, wrapStore: inner => recorder = new RecordingStoreHandler(inner));

            var result = await PeerProcess.RunAsync(
                "storescu",
                ["-aet", "STORESCU", "-aec", TestServer.AeTitle, "-xe", "-to", "10", "-ta", "10", "-td", "30", "127.0.0.1", server.Port, file],
                TimeSpan.FromSeconds(120));

            Assert.True(result.ExitCode == 0, result.ToString());
            var stored = Assert.Single(server.StoredFiles());
            Assert.True(Part10.DataSetBytes(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), "data set differs");
            // Never held whole: the sink saw it in pieces no larger than one P-DATA-TF we accept.
            Assert.True(recorder!.FragmentSizes.Count > 90, $"{recorder.FragmentSizes.Count} fragments");
            Assert.True(recorder.FragmentSizes.Max() <= (int)Peake.Dicom.Network.Pdu.PduReadLimits.DefaultMaxDataTransferLength);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteLargeFile(string path, int pixelBytes)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, StoreCorpus.SecondaryCapture);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.9.7433.999.1");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "Large^Instance");
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 4096);
        ds.SetValues<ushort>(DicomTags.Columns, DicomVR.US, (ushort)(pixelBytes / 2 / 4096));
        ds.SetValues<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.SetValues<ushort>(DicomTags.BitsStored, DicomVR.US, 16);
        ds.SetValues<ushort>(DicomTags.HighBit, DicomVR.US, 15);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
        var pixels = new byte[pixelBytes];
        new Random(7433).NextBytes(pixels);
        ds.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, pixels));
        DicomFileWriter.Write(path, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>storescu's option that proposes <paramref name="syntax"/> first.</summary>
    private static string ProposeOption(string syntax) => syntax switch
    {
        "1.2.840.10008.1.2" => "-xi",
        "1.2.840.10008.1.2.1" => "-xe",
        "1.2.840.10008.1.2.2" => "-xb",
        "1.2.840.10008.1.2.1.99" => "-xd",
        "1.2.840.10008.1.2.4.50" => "-xy",
        "1.2.840.10008.1.2.4.70" => "-xs",
        "1.2.840.10008.1.2.5" => "-xr",
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };
}
