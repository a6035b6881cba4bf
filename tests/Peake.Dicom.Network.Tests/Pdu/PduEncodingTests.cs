using Peake.Dicom.Network.Pdu;
using static Peake.Dicom.Network.Tests.Infrastructure.Bytes;

namespace Peake.Dicom.Network.Tests.Pdu;

public sealed class PduEncodingTests
{
    private const string Echo = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";

    [Fact]
    public void AssociateRequest_encodes_fixed_fields_items_and_user_information_exactly()
    {
        var rq = new AssociateRequestPdu(
            "B",
            "A",
            [new PresentationContextRequest(1, Echo, [ImplicitLe])],
            new UserInformation(16384, "1.2.3", "X"));

        var expected = Concat(
            Hex("01 00 000000A9 0001 0000"), Ae("B"), Ae("A"), new byte[32],
            Hex("10 00 0015"), Ascii("1.2.840.10008.3.1.1.1"),
            Hex("20 00 002E 01 000000"), Hex("30 00 0011"), Ascii(Echo), Hex("40 00 0011"), Ascii(ImplicitLe),
            Hex("50 00 0016"), Hex("51 00 0004 00004000"), Hex("52 00 0005"), Ascii("1.2.3"), Hex("55 00 0001"), Ascii("X"));

        Assert.Equal(expected, PduCodec.Encode(rq));
    }

    [Fact]
    public void AssociateAccept_encodes_result_and_single_transfer_syntax()
    {
        var ac = new AssociateAcceptPdu(
            "B",
            "A",
            [new PresentationContextAccept(1, PresentationContextResult.Acceptance, ImplicitLe), new PresentationContextAccept(3, PresentationContextResult.AbstractSyntaxNotSupported, ImplicitLe)],
            new UserInformation(0));

        var expected = Concat(
            Hex("02 00 000000A3 0001 0000"), Ae("B"), Ae("A"), new byte[32],
            Hex("10 00 0015"), Ascii("1.2.840.10008.3.1.1.1"),
            Hex("21 00 0019 01 00 00 00"), Hex("40 00 0011"), Ascii(ImplicitLe),
            Hex("21 00 0019 03 00 03 00"), Hex("40 00 0011"), Ascii(ImplicitLe),
            Hex("50 00 0008"), Hex("51 00 0004 00000000"));

        Assert.Equal(expected, PduCodec.Encode(ac));
    }

    [Fact]
    public void Fixed_size_pdus_encode_to_ten_bytes()
    {
        Assert.Equal(Hex("03 00 00000004 00 01 01 03"), PduCodec.Encode(AssociateRejectPdu.CallingAeTitleNotRecognized));
        Assert.Equal(Hex("05 00 00000004 00000000"), PduCodec.Encode(ReleaseRequestPdu.Instance));
        Assert.Equal(Hex("06 00 00000004 00000000"), PduCodec.Encode(ReleaseResponsePdu.Instance));
        Assert.Equal(Hex("07 00 00000004 00 00 02 06"), PduCodec.Encode(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue)));
    }

    [Fact]
    public void DataTransfer_encodes_each_pdv_with_its_message_control_header()
    {
        var pdu = new PDataTransferPdu([
            new PresentationDataValue(1, IsCommand: true, IsLast: true, new byte[] { 0xAA }),
            new PresentationDataValue(3, IsCommand: false, IsLast: false, new byte[] { 0xBB, 0xCC }),
        ]);

        Assert.Equal(Hex("04 00 0000000F 00000003 01 03 AA 00000004 03 00 BB CC"), PduCodec.Encode(pdu));
    }

    [Fact]
    public void Optional_user_information_sub_items_encode_in_standard_order()
    {
        var ui = new UserInformation(
            0x10000,
            "1.2",
            "V1",
            new AsyncOperationsWindow(1, 1),
            [new RoleSelection("1.2.3", ScuRole: false, ScpRole: true)],
            new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, Ascii("joe"), Ascii("pw")),
            Other: [new RawSubItem(0x56, Hex("0001"))]);
        var rq = new AssociateRequestPdu("B", "A", [new PresentationContextRequest(1, Echo, [ImplicitLe])], ui);

        var bytes = PduCodec.Encode(rq);
        var userInfo = bytes.AsSpan(6 + 68 + 25 + 50).ToArray();

        var expected = Concat(
            Hex("50 00 003F"),
            Hex("51 00 0004 00010000"),
            Hex("52 00 0003"), Ascii("1.2"),
            Hex("53 00 0004 0001 0001"),
            Hex("54 00 0009 0005"), Ascii("1.2.3"), Hex("00 01"),
            Hex("55 00 0002"), Ascii("V1"),
            Hex("56 00 0002 0001"),
            Hex("58 00 000B 02 01 0003"), Ascii("joe"), Hex("0002"), Ascii("pw"));
        Assert.Equal(expected, userInfo);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SEVENTEEN_CHARSXX")]
    [InlineData("A\0B")]
    [InlineData("A\\B")]
    public void Encoding_refuses_invalid_AE_titles(string title)
    {
        var rq = new AssociateRequestPdu(title, "A", [new PresentationContextRequest(1, Echo, [ImplicitLe])], new UserInformation(0));

        Assert.Throws<ArgumentException>(() => PduCodec.Encode(rq));
    }
}
