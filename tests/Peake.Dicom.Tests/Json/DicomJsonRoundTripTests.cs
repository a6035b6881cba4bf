using System.Text;
using System.Text.Json;
using CsCheck;

namespace Peake.Dicom.Tests.Json;

public class DicomJsonRoundTripTests
{
    // Every VR, the way DicomJsonWriter writes them (compact); reading and writing again must give the same text.
    private const string AllVRs = """
        {"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00080020":{"vr":"DA","Value":["20240101"]},"00080030":{"vr":"TM","Value":["101010.5"]},"00080040":{"vr":"UL","Value":[4294967295]},"00080054":{"vr":"AE","Value":["AE1","AE2"]},"00080081":{"vr":"ST","Value":[" address"]},"00080120":{"vr":"UR","Value":["http://x.org/a"]},"00081155":{"vr":"UI","Value":["1.2.3"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Jörg","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},null]},"00100020":{"vr":"LO","Value":["ID 1",null,"x"]},"00100021":{"vr":"LO"},"00101010":{"vr":"AS","Value":["045Y"]},"00101020":{"vr":"DS","Value":[1.50,-0.5,1e3,"abc"]},"00104000":{"vr":"LT","Value":["  lead \\ kept"]},"00111001":{"vr":"OB","InlineBinary":"AQIDBA=="},"00111002":{"vr":"OW","InlineBinary":"AQIDBA=="},"00111003":{"vr":"OF","InlineBinary":"AADAPwAAIEA="},"00111004":{"vr":"OD","InlineBinary":"AAAAAAAA+D8="},"00111005":{"vr":"OL","InlineBinary":"AQAAAAIAAAA="},"00111006":{"vr":"OV","InlineBinary":"AQAAAAAAAAA="},"00111007":{"vr":"UN","InlineBinary":"AQIDAA=="},"00111008":{"vr":"SQ"},"00111009":{"vr":"UT","Value":[" some text"]},"0011100A":{"vr":"UC","Value":[" uc1","uc2"]},"0011100B":{"vr":"SH","Value":["CODE"]},"00181310":{"vr":"US","Value":[1,65535]},"00186020":{"vr":"SL","Value":[-2147483648,7]},"00189074":{"vr":"DT","Value":["20240101101010.123456+0100"]},"00189089":{"vr":"FD","Value":[0.1,1e20,1e-05,-2,"NaN"]},"00189310":{"vr":"FL","Value":[0.100000001,1.5]},"00200013":{"vr":"IS","Value":[12,-7,"1.5"]},"00205000":{"vr":"AT","Value":["00100020","7FE00010"]},"00280106":{"vr":"SS","Value":[-32768,32767]},"0040A730":{"vr":"SQ","Value":[{"0040A010":{"vr":"CS","Value":["CONTAINS"]},"0040A730":{"vr":"SQ","Value":[{"0040A010":{"vr":"CS","Value":["X"]}}]}},{}]},"00720082":{"vr":"SV","Value":[-5,"9223372036854775807"]},"00720083":{"vr":"UV","Value":["18446744073709551615",3]},"7FE00010":{"vr":"OB","InlineBinary":"/v8A4AAAAAD+/wDgBAAAAAECAwT+/93gAAAAAA=="}}
        """;

    [Fact]
    public void Should_give_back_the_same_json_after_reading_and_writing_every_vr()
    {
        var ds = DicomJsonReader.Read(AllVRs);
        Assert.Equal(AllVRs, DicomJsonWriter.Serialize(ds));
    }

    [Fact]
    public void Should_keep_encapsulated_pixel_data_as_fragments_through_json()
    {
        var ds = DicomJsonReader.Read(AllVRs);
        var fragments = Assert.IsType<DicomFragments>(ds[new(0x7FE0, 0x0010)]);
        Assert.Equal([1, 2, 3, 4], Assert.Single(fragments.Fragments).Bytes.ToArray());
    }

    [Fact]
    public void Should_round_trip_a_stream_through_the_stream_apis()
    {
        var ds = DicomJsonReader.Read(AllVRs);
        using var ms = new MemoryStream();
        DicomJsonWriter.Write(ms, ds, new() { Indented = true });
        ms.Position = 0;
        var again = DicomJsonReader.Read(ms);
        Assert.Equal(AllVRs, DicomJsonWriter.Serialize(again));
    }

    private static readonly DicomVR[] TextVRs = [DicomVR.LO, DicomVR.SH, DicomVR.CS, DicomVR.UT, DicomVR.LT, DicomVR.PN, DicomVR.UC];

    [Fact]
    public void Should_round_trip_random_values_of_numeric_and_text_vrs()
    {
        var text = Gen.String[Gen.Char['A', 'Z'], 1, 10];
        Gen.Select(Gen.Int[0, TextVRs.Length - 1], text.Array[1, 4], Gen.Double.Array[1, 4], Gen.Long.Array[1, 4], Gen.Float.Array[1, 4])
            .Sample((vrIndex, strings, doubles, longs, floats) =>
            {
                var vr = TextVRs[vrIndex];
                var ds = new DicomDataset();
                ds.SetString(new(0x0011, 0x1001), vr, vr.IsMultiValued ? string.Join('\\', strings) : strings[0]);
                ds.SetValues(new(0x0011, 0x1002), DicomVR.FD, doubles);
                ds.SetValues(new(0x0011, 0x1003), DicomVR.SV, longs);
                ds.SetValues(new(0x0011, 0x1004), DicomVR.FL, floats);
                var json = DicomJsonWriter.Serialize(ds);
                var back = DicomJsonReader.Read(json);
                Assert.Equal(ds.GetString(new(0x0011, 0x1001)), back.GetString(new(0x0011, 0x1001)));
                Assert.Equal(doubles, back.GetValues<double>(new(0x0011, 0x1002)));
                Assert.Equal(longs, back.GetValues<long>(new(0x0011, 0x1003)));
                Assert.Equal(floats, back.GetValues<float>(new(0x0011, 0x1004)));
                Assert.Equal(json, DicomJsonWriter.Serialize(back));
            }, iter: 300);
    }

    [Fact]
    public void Should_stream_a_large_lazy_value_without_loading_it()
    {
        const long Size = 128L * 1024 * 1024;
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(new(0x7FE0, 0x0010), DicomVR.OW, new DicomBulkData(() => new PatternStream(Size), 0, Size)));
        using var sink = new Base64CheckingStream();
        var before = GC.GetAllocatedBytesForCurrentThread();
        DicomJsonWriter.Write(sink, ds);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes to write a {Size} byte value");
        Assert.Equal(Size, sink.DecodedLength);
        Assert.True(sink.PatternHolds);
    }

    /// <summary>A read-only stream of (position mod 251) bytes.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)((Position + i) % 251);
            }

            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Receives the JSON and decodes the base64 between the InlineBinary quotes on the fly, checking the pattern.</summary>
    private sealed class Base64CheckingStream : Stream
    {
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes("\"InlineBinary\":\"");
        private readonly byte[] _pending = new byte[4096];
        private readonly byte[] _decoded = new byte[3072];
        private int _count;
        private int _matched;
        private bool _inside;
        private bool _done;

        public long DecodedLength { get; private set; }

        public bool PatternHolds { get; private set; } = true;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (var b in buffer)
            {
                if (_done)
                {
                    continue;
                }

                if (!_inside)
                {
                    _matched = b == Marker[_matched] ? _matched + 1 : (b == Marker[0] ? 1 : 0);
                    _inside = _matched == Marker.Length;
                    continue;
                }

                if (b == (byte)'"')
                {
                    Decode();
                    _done = true;
                    continue;
                }

                _pending[_count++] = b;
                if (_count == _pending.Length)
                {
                    Decode();
                }
            }
        }

        private void Decode()
        {
            // Allocation free, so that the test measures the writer's allocations only.
            System.Buffers.Text.Base64.DecodeFromUtf8(_pending.AsSpan(0, _count), _decoded, out _, out var written);
            _count = 0;
            foreach (var b in _decoded.AsSpan(0, written))
            {
                PatternHolds &= b == (byte)(DecodedLength % 251);
                DecodedLength++;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
