using System.Buffers.Binary;
using Peake.Dicom.Network.Association;

namespace Peake.Dicom.Network.Tests.Association;

public sealed class DataSetStreamerTests
{
    private static readonly AcceptedPresentationContext Explicit = new(3, "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.1.2.1");

    [Fact]
    public async Task A_data_set_goes_out_in_PDVs_no_larger_than_the_peer_takes_and_only_the_last_is_flagged_last()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var pdus = new List<byte[]>();

        await DataSetStreamer.SendAsync(new MemoryStream(data), Explicit, 4096, Collect(pdus), CancellationToken.None);

        var values = pdus.Select(p => (Length: (int)BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(6)) - 2, Context: p[10], Header: p[11])).ToList();
        Assert.All(values, v => Assert.True(v.Length <= 4096 - 6 && v.Length % 2 == 0 && v.Context == 3));
        Assert.Equal([.. Enumerable.Repeat((byte)0, values.Count - 1), 2], values.Select(v => v.Header));
        Assert.Equal(data, pdus.SelectMany(p => p.Skip(12)).ToArray());
    }

    [Fact]
    public async Task A_local_read_failure_is_told_apart_from_a_transport_failure()
    {
        var pdus = new List<byte[]>();

        var e = await Assert.ThrowsAsync<DataSetSourceException>(
            () => DataSetStreamer.SendAsync(new FailingStream(goodBytes: 20_000), Explicit, 4096, Collect(pdus), CancellationToken.None));

        Assert.IsType<IOException>(e.InnerException);
        // What was read before the failure went out, never flagged last.
        Assert.NotEmpty(pdus);
        Assert.All(pdus, p => Assert.Equal(0, p[11]));
    }

    private static Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> Collect(List<byte[]> pdus) => (pdu, _) =>
    {
        pdus.Add(pdu.ToArray());
        return ValueTask.FromResult(true);
    };

    /// <summary>A disk that fails after <c>goodBytes</c>: not seekable, like a stream over a network share.</summary>
    private sealed class FailingStream(int goodBytes) : Stream
    {
        private int _left = goodBytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0)
            {
                throw new IOException("I/O error on the disk");
            }

            var n = Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
