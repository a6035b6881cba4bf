using System.Buffers;
using System.Buffers.Binary;
using Peake.Dicom.Network.Pdu;
using static Peake.Dicom.Network.Tests.Infrastructure.Bytes;

namespace Peake.Dicom.Network.Tests.Pdu;

/// <summary>Malformed PDUs as a hostile peer would send them: each must throw a protocol exception naming the A-ABORT reason.</summary>
public sealed class HostilePduTests
{
    private const string Echo = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";

    [Theory]
    [InlineData(0x01, 0u)]
    [InlineData(0x01, 1u)]
    [InlineData(0x01, 0x80000000u)]
    [InlineData(0x01, 0xFFFFFFFFu)]
    [InlineData(0x04, 0u)]
    [InlineData(0x04, 1u)]
    [InlineData(0x04, 0x80000000u)]
    [InlineData(0x04, 0xFFFFFFFFu)]
    [InlineData(0x05, 0u)]
    [InlineData(0x05, 0xFFFFFFFFu)]
    [InlineData(0x07, 1u)]
    [InlineData(0x03, 0x80000000u)]
    public void A_bad_length_is_refused_from_the_header_alone_before_the_body_arrives(byte type, uint length)
    {
        var header = new byte[6];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        var sequence = new ReadOnlySequence<byte>(header);

        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.TryDecode(ref sequence, PduReadLimits.Default, out _));

        Assert.Equal(AbortReason.InvalidPduParameterValue, ex.Reason);
        Assert.Contains("length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_transfer_pdu_larger_than_the_advertised_maximum_is_refused()
    {
        var header = Hex("04 00 00004001");
        var sequence = new ReadOnlySequence<byte>(header);

        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.TryDecode(ref sequence, new PduReadLimits(MaxDataTransferLength: 0x4000), out _));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0x50)]
    [InlineData(0xFF)]
    public void An_unknown_pdu_type_is_unrecognized(byte type)
    {
        var sequence = new ReadOnlySequence<byte>([type, 0, 0, 0, 0, 4]);

        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.TryDecode(ref sequence, PduReadLimits.Default, out _));

        Assert.Equal(AbortReason.UnrecognizedPdu, ex.Reason);
    }

    [Fact]
    public void Every_truncation_of_an_associate_request_is_refused()
    {
        var bytes = PduCodec.Encode(PduDecodingTests.FullRequest());
        for (var keep = 6 + 68; keep < bytes.Length; keep++)
        {
            // A PDU whose own length field claims only what is present: the items inside then run past the end.
            var cut = bytes.AsSpan(0, keep).ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(cut.AsSpan(2), (uint)(keep - 6));
            var isCleanItemBoundary = false;
            try
            {
                PduCodec.Decode(cut);
                isCleanItemBoundary = true;
            }
            catch (DicomNetworkProtocolException)
            {
            }
            // Cutting exactly after a presentation context leaves a shorter but valid request.
            Assert.True(!isCleanItemBoundary || ContextBoundaries(bytes).Contains(keep), $"cut at {keep} decoded");
        }
    }

    [Fact]
    public void A_length_field_that_disagrees_with_the_bytes_is_refused()
    {
        var bytes = PduCodec.Encode(ReleaseRequestPdu.Instance);

        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(bytes.AsSpan(0, 8)));
        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(Concat(bytes, [0])));
    }

    [Fact]
    public void More_than_128_presentation_contexts_are_refused()
    {
        var contexts = Enumerable.Range(0, 256).Select(i => new PresentationContextRequest((byte)((2 * i + 1) & 0xFF), Echo, [ImplicitLe])).ToArray();

        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(PduCodec.Encode(Request(contexts))));

        Assert.Equal(AbortReason.InvalidPduParameterValue, ex.Reason);
    }

    [Fact]
    public void A_duplicate_presentation_context_id_is_refused()
    {
        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(PduCodec.Encode(Request(
            new PresentationContextRequest(5, Echo, [ImplicitLe]), new PresentationContextRequest(5, Echo, [ImplicitLe])))));

        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(254)]
    public void An_even_presentation_context_id_is_refused(byte id)
    {
        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(PduCodec.Encode(Request(new PresentationContextRequest(id, Echo, [ImplicitLe])))));

        Assert.Contains("even", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_presentation_context_without_transfer_syntaxes_is_refused()
    {
        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [])))));

        Assert.Equal(AbortReason.InvalidPduParameterValue, ex.Reason);
    }

    [Fact]
    public void A_request_without_presentation_contexts_is_refused()
    {
        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(PduCodec.Encode(Request())));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]
    [InlineData(0x80)]
    [InlineData((byte)'\\')]
    public void A_calling_AE_title_holding_NUL_control_or_non_ASCII_bytes_is_refused(byte bad)
    {
        var bytes = PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])));
        bytes[6 + 4 + 16 + 1] = bad;

        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(bytes));

        Assert.Contains("calling AE title", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_all_space_called_AE_title_is_refused()
    {
        var bytes = PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])));
        Ascii(new string(' ', 16)).CopyTo(bytes, 10);

        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(bytes));
    }

    [Fact]
    public void An_unknown_top_level_item_is_unrecognized_but_an_unknown_user_information_sub_item_is_kept()
    {
        var good = PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])));
        var withItem = WithAppendedItem(good, Hex("60 00 0001 00"));
        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(withItem));
        Assert.Equal(AbortReason.UnrecognizedPduParameter, ex.Reason);

        var ui = new UserInformation(0, Other: [new RawSubItem(0x7F, Hex("AB"))]);
        var back = Assert.IsType<AssociateRequestPdu>(PduCodec.Decode(PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])) with { UserInformation = ui })));
        Assert.Equal(0x7F, Assert.Single(back.UserInformation.Other).ItemType);
    }

    [Fact]
    public void An_item_length_running_past_the_pdu_is_refused()
    {
        var good = PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])));
        // The application context item starts right after the fixed fields; claim 0xFFFF bytes for it.
        good[6 + 68 + 2] = 0xFF;
        good[6 + 68 + 3] = 0xFF;

        var ex = Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(good));

        Assert.Contains("remain", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("04 00 00000006 00000001 01 03")]
    [InlineData("04 00 00000006 FFFFFFFF 01 03")]
    [InlineData("04 00 00000007 00000003 01 03")]
    [InlineData("04 00 00000007 00000003 01 04 AA")]
    [InlineData("04 00 0000000A 00000002 01 03 00000000")]
    public void A_malformed_pdv_is_refused(string hex)
    {
        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(Hex(hex)));
    }

    [Theory]
    [InlineData("51 00 0002 0000")]
    [InlineData("51 00 0004 00000000 51 00 0004 00000000")]
    [InlineData("54 00 0009 0007 312E32 01 01")]
    [InlineData("54 00 0005 0001 31 02 00")]
    [InlineData("55 00 0011 3132333435363738393031323334353637")]
    [InlineData("58 00 0006 09 00 0000 0000")]
    [InlineData("58 00 0006 01 00 0005 0000")]
    [InlineData("52 00 0003 312E41")]
    public void A_malformed_user_information_sub_item_is_refused(string subItems)
    {
        var value = Hex(subItems);
        var item = Concat([0x50, 0, (byte)(value.Length >> 8), (byte)value.Length], value);
        var good = PduCodec.Encode(Request(new PresentationContextRequest(1, Echo, [ImplicitLe])) with { UserInformation = new UserInformation(0) });
        // Replace the 12-byte user information item at the end.
        var bytes = WithAppendedItem(good.AsSpan(0, good.Length - 12).ToArray(), item);

        Assert.Throws<DicomNetworkProtocolException>(() => PduCodec.Decode(bytes));
    }

    private static AssociateRequestPdu Request(params PresentationContextRequest[] contexts) =>
        new("CALLED", "CALLING", contexts, new UserInformation(16384, "1.2.3"));

    private static byte[] WithAppendedItem(byte[] pdu, byte[] item)
    {
        var bytes = Concat(pdu, item);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)(bytes.Length - 6));
        return bytes;
    }

    private static HashSet<int> ContextBoundaries(byte[] rq)
    {
        var boundaries = new HashSet<int>();
        var offset = 6 + 68 + 25;
        while (rq[offset] == 0x20)
        {
            offset += 4 + BinaryPrimitives.ReadUInt16BigEndian(rq.AsSpan(offset + 2));
            boundaries.Add(offset);
        }
        return boundaries;
    }
}
