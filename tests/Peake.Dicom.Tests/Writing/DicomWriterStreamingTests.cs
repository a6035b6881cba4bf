namespace Peake.Dicom.Tests.Writing;

public class DicomWriterStreamingTests
{
    [Fact]
    public void Given_300_MB_bulk_pixel_data_When_written_as_file_Then_allocations_stay_far_below_its_size()
    {
        const long size = 300L * 1024 * 1024;
        var path = Path.Combine(Path.GetTempPath(), $"peake-bulk-{Guid.NewGuid():N}.bin");
        try
        {
            using (var f = new FileStream(path, FileMode.CreateNew))
            {
                f.SetLength(size); // sparse: no disk cost
            }

            var ds = new DicomDataset();
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.3");
            ds.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, new DicomBulkData(() => File.OpenRead(path), 0, size)));
            var counter = new CountingStream();

            var before = GC.GetAllocatedBytesForCurrentThread();
            DicomFileWriter.Write(counter, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated");
            Assert.True(counter.Length > size);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
