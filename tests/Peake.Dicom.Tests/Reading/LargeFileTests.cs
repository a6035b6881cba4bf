namespace Peake.Dicom.Tests.Reading;

/// <summary>A 2 GB multi-frame file is read with memory bounded independently of its size (ARCHITECTURE: stream, don't buffer).</summary>
public sealed class LargeFileTests : IDisposable
{
    private const int FrameBytes = 512 * 512 * 2;
    private const int Frames = 4100; // 2.15 GB of pixel data: past 2^31, so 32-bit lengths and offsets are exercised too
    private const long ManagedBudget = 100L << 20;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"peake-large-{Guid.NewGuid():N}.dcm");

    public LargeFileTests()
    {
        var header = new RawDicom()
            .ExplicitString(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2.1\0")
            .ExplicitString(0x0008, 0x0018, "UI", "1.2.3.4.5.6\0")
            .ExplicitString(0x0028, 0x0008, "IS", "4100")
            .Explicit(0x0028, 0x0010, "US", [0, 2])
            .Explicit(0x0028, 0x0011, "US", [0, 2])
            .Explicit(0x0028, 0x0100, "US", [16, 0])
            .Tag(0x7FE0, 0x0010).Ascii("OW").U16(0).U32((uint)((long)FrameBytes * Frames))
            .ToArray();
        using var f = new FileStream(_path, FileMode.CreateNew, FileAccess.Write);
        f.Write(RawDicom.Part10("1.2.840.10008.1.2.1", header));
        f.SetLength(f.Position + ((long)FrameBytes * Frames)); // sparse: no 2 GB written to disk
    }

    [Fact]
    public void Should_read_a_2GB_file_up_to_its_pixel_data_within_100MB()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(_path);
        var pixelData = Assert.IsType<DicomValueElement>(file.Dataset[new DicomTag(0x7FE0, 0x0010)]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(pixelData.IsLoaded);
        Assert.Equal((long)FrameBytes * Frames, pixelData.Length);
        Assert.True(allocated < ManagedBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Should_stream_all_2GB_of_pixel_data_within_100MB()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(_path);
        var pixelData = (DicomValueElement)file.Dataset[new DicomTag(0x7FE0, 0x0010)]!;
        long total = 0;
        var buffer = new byte[1 << 20];
        using (var s = pixelData.OpenValue())
        {
            int n;
            while ((n = s.Read(buffer)) > 0)
            {
                total += n;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((long)FrameBytes * Frames, total);
        Assert.True(allocated < ManagedBudget, $"allocated {allocated} bytes");
    }

    public void Dispose() => File.Delete(_path);
}
