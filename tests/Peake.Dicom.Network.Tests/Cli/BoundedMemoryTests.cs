using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// Issue 3 acceptance: an association of 10,000 small C-STOREs and one of a single 1 GB C-STORE both complete with
/// bounded memory. The SCP is `peake dicom scp` as its own process, so its peak resident set (VmHWM, Linux
/// /proc/PID/status) measures the server alone.
/// </summary>
public sealed class BoundedMemoryTests(ITestOutputHelper output)
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitLe = "1.2.840.10008.1.2.1";
    private const string UidRoot = "1.2.826.0.1.3680043.9.7433.77.";

    // A .NET process with the server idle sits well under 100 MB; a data set held whole, or a buffer per instance
    // kept, goes far past this.
    private const long MaxPeakRss = 250L * 1024 * 1024;

    [Fact]
    public async Task Should_store_ten_thousand_instances_on_one_association_without_memory_growing_with_the_count()
    {
        const int count = 10_000;
        var source = Directory.CreateTempSubdirectory("peake-10k-").FullName;
        try
        {
            var template = SmallInstance(UidFor(0));
            WriteVariants(template, source, count);
            await using var scp = await PeakeScp.StartAsync("--accept-any-calling-ae");

            var storescu = PeerProcess.RunAsync(
                "storescu", ["-aet", "SCU", "-aec", "PEAKE", "+sd", "127.0.0.1", scp.PortText, source], TimeSpan.FromSeconds(240));
            // The peak after the first thousand, to compare with the peak after all ten.
            var early = await PeakAfterAsync(scp, 1_000, storescu);
            var result = await storescu;
            var peak = PeakRss(scp.ProcessId);
            output.WriteLine($"VmHWM after 1,000 stores: {early / 1024} KB; after {count}: {peak / 1024} KB");

            Assert.True(result.ExitCode == 0, $"storescu: {result}\n{scp.Output}");
            var stored = Directory.GetFiles(scp.Directory, "*.dcm");
            Assert.Equal(count, stored.Length);
            Assert.Empty(Directory.GetFiles(scp.Directory, ".*"));
            var expected = Part10.DataSetBytes(Path.Combine(source, "0.dcm"));
            foreach (var i in new[] { 0, 1, 4_999, count - 1 })
            {
                var uid = UidFor(i);
                Assert.Equal(Patch(expected, UidFor(0), uid, occurrences: 1), Part10.DataSetBytes(Path.Combine(scp.Directory, uid + ".dcm")));
            }
            Assert.True(peak < MaxPeakRss, $"peak RSS {peak / 1024} KB");
            // 9,000 instances of 9 KB each held (or a PDU buffer each) would be 80 MB and more.
            Assert.True(peak - early < 48L * 1024 * 1024, $"peak RSS grew from {early / 1024} KB to {peak / 1024} KB");
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task Should_store_a_one_gigabyte_instance_without_holding_it_in_memory()
    {
        const long pixelLength = 1L << 30;
        var uid = UidRoot + "2000000";
        await using var scp = await PeakeScp.StartAsync("--accept-any-calling-ae");
        var request = new AssociationRequest
        {
            CallingAeTitle = "SCU",
            CalledAeTitle = "PEAKE",
            PresentationContexts = [new PresentationContextRequest(1, CtImage, [ExplicitLe])],
            ResponseTimeout = TimeSpan.FromMinutes(2),
        };
        using var sent = new GeneratedDataSet(Header(uid, pixelLength), pixelLength);

        CStoreResponse response;
        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", scp.Port, request))
        {
            response = await association.StoreAsync(CtImage, uid, ExplicitLe, sent);
            await association.ReleaseAsync();
        }
        var peak = PeakRss(scp.ProcessId);
        output.WriteLine($"VmHWM after a {sent.Length} byte C-STORE: {peak / 1024} KB");

        Assert.Equal(DimseStatus.Success, response.Status);
        var path = Path.Combine(scp.Directory, uid + ".dcm");
        var (storedLength, storedHash) = StoredDataSet(path);
        Assert.Equal(sent.Length, storedLength);
        Assert.Equal(Convert.ToHexString(sent.Hash()), Convert.ToHexString(storedHash));
        Assert.True(peak < MaxPeakRss, $"peak RSS {peak / 1024} KB");
    }

    private static string UidFor(int i) => UidRoot + (1_000_000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>A small CT instance (64×64, 16 bit) written by our own writer.</summary>
    private static byte[] SmallInstance(string uid)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImage);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, uid);
        ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, "MEM1");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, UidRoot + "1");
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, UidRoot + "1.1");
        ds.SetValues(DicomTags.Rows, DicomVR.US, (ushort)64);
        ds.SetValues(DicomTags.Columns, DicomVR.US, (ushort)64);
        ds.SetValues(DicomTags.BitsAllocated, DicomVR.US, (ushort)16);
        var pixels = new byte[64 * 64 * 2];
        new Random(7).NextBytes(pixels);
        ds.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, pixels));
        using var file = new MemoryStream();
        DicomFileWriter.Write(file, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        return file.ToArray();
    }

    /// <summary>Copies of <paramref name="template"/> with their SOP Instance UIDs (same length, in the meta group and the data set) replaced in place.</summary>
    private static void WriteVariants(byte[] template, string directory, int count)
    {
        for (var i = 0; i < count; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture) + ".dcm"), Patch(template, UidFor(0), UidFor(i), occurrences: 2));
        }
    }

    private static byte[] Patch(byte[] bytes, string from, string to, int occurrences)
    {
        var copy = bytes.ToArray();
        var needle = Encoding.ASCII.GetBytes(from);
        var replacement = Encoding.ASCII.GetBytes(to);
        var replaced = 0;
        for (var at = copy.AsSpan().IndexOf(needle); at >= 0;)
        {
            replacement.CopyTo(copy, at);
            replaced++;
            var next = copy.AsSpan(at + needle.Length).IndexOf(needle);
            at = next < 0 ? -1 : at + needle.Length + next;
        }
        Assert.True(replaced == occurrences, $"the UID is there {replaced} times, not {occurrences}");
        return copy;
    }

    /// <summary>VmHWM once at least <paramref name="arrived"/> instances are on disk (or the sender is done).</summary>
    private static async Task<long> PeakAfterAsync(PeakeScp scp, int arrived, Task<PeerResult> sender)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!sender.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (Directory.EnumerateFiles(scp.Directory, "*.dcm").Take(arrived).Count() >= arrived)
            {
                return PeakRss(scp.ProcessId);
            }
            await Task.Delay(100);
        }
        Assert.Fail($"fewer than {arrived} instances arrived\nsender: {(sender.IsCompleted ? sender.Result : "still running")}\n{scp.Output}");
        return 0;
    }

    /// <summary>The peak resident set of a process, from Linux's /proc/PID/status (VmHWM, in kB).</summary>
    private static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"no VmHWM for process {pid}");
    }

    /// <summary>Explicit VR LE elements before the pixel data, then the (7FE0,0010) OB header announcing its length.</summary>
    private static byte[] Header(string uid, long pixelLength)
    {
        using var ms = new MemoryStream();
        Short(ms, 0x0008, 0x0016, "UI", Padded(CtImage, 0));
        Short(ms, 0x0008, 0x0018, "UI", Padded(uid, 0));
        Short(ms, 0x0008, 0x0060, "CS", Padded("CT", (byte)' '));
        Short(ms, 0x0010, 0x0020, "LO", Padded("MEM1GB", (byte)' '));
        Span<byte> pixel = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(pixel, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(pixel[2..], 0x0010);
        "OB"u8.CopyTo(pixel[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(pixel[8..], checked((uint)pixelLength));
        ms.Write(pixel);
        return ms.ToArray();
    }

    private static void Short(Stream s, ushort group, ushort element, string vr, byte[] value)
    {
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(h, group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], element);
        Encoding.ASCII.GetBytes(vr, h[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)value.Length);
        s.Write(h);
        s.Write(value);
    }

    private static byte[] Padded(string value, byte pad) =>
        value.Length % 2 == 0 ? Encoding.ASCII.GetBytes(value) : [.. Encoding.ASCII.GetBytes(value), pad];

    /// <summary>SHA-256 of a stored file's data set, read in 1 MB pieces.</summary>
    private static (long Length, byte[] Hash) StoredDataSet(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> start = stackalloc byte[144];
        file.ReadExactly(start);
        var metaLength = BinaryPrimitives.ReadUInt32LittleEndian(start[140..]);
        file.Position = 144 + metaLength;
        return (file.Length - file.Position, SHA256.HashData(file));
    }
}
