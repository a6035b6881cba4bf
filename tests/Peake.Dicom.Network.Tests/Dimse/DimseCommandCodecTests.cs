using Peake.Dicom.Network.Dimse;
using static Peake.Dicom.Network.Tests.Infrastructure.Bytes;

namespace Peake.Dicom.Network.Tests.Dimse;

public sealed class DimseCommandCodecTests
{
    [Fact]
    public void C_ECHO_RQ_encodes_as_implicit_VR_little_endian_group_0000_with_its_group_length()
    {
        var expected = Concat(
            Hex("0000 0000 04000000 38000000"),
            Hex("0000 0200 12000000"), Ascii("1.2.840.10008.1.1"), [0],
            Hex("0000 0001 02000000 3000"),
            Hex("0000 1001 02000000 0700"),
            Hex("0000 0008 02000000 0101"));

        Assert.Equal(expected, DimseCommandCodec.Encode(new CEchoRequest(7)));
    }

    [Fact]
    public void Every_message_round_trips()
    {
        DimseMessage[] messages =
        [
            new CEchoRequest(1),
            new CEchoResponse(1, DimseStatus.Success),
            new CStoreRequest(2, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", DimsePriority.High, "MOVER", 9),
            new CStoreRequest(3, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.6"),
            new CStoreResponse(2, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", DimseStatus.OutOfResources, "disk full"),
            new CCancelRequest(4),
            new DimseStatusResponse(DimseCommandField.NGetResponse, 5, "1.2.840.10008.5.1.1.9", DimseStatus.UnrecognizedOperation),
            new CGetRequest(8, CGetRequest.StudyRootSopClassUid, DimsePriority.High),
            new CGetResponse(8, CGetRequest.StudyRootSopClassUid, CGetStatus.Pending, 3, 1, 0, 1),
            new CGetResponse(8, CGetRequest.StudyRootSopClassUid, CGetStatus.CompletedWithFailures, null, 3, 1, 0, "one failed"),
            new CMoveRequest(9, CMoveRequest.PatientRootSopClassUid, "STORESCP"),
            new CMoveResponse(9, CMoveRequest.PatientRootSopClassUid, CMoveResponse.MoveDestinationUnknown, null, 0, 0, 0),
            new CFindRequest(6, CFindRequest.StudyRootSopClassUid, DimsePriority.Low),
            new CFindRequest(7, CFindRequest.PatientRootSopClassUid),
            new CFindResponse(6, CFindRequest.StudyRootSopClassUid, CFindStatus.Pending, HasIdentifier: true),
            new CFindResponse(6, CFindRequest.StudyRootSopClassUid, CFindStatus.Success, HasIdentifier: false),
            new CFindResponse(6, null, CFindStatus.Cancel, HasIdentifier: false),
            new CFindResponse(6, CFindRequest.StudyRootSopClassUid, CFindStatus.UnableToProcess, HasIdentifier: false, "no QueryRetrieveLevel"),
        ];

        foreach (var message in messages)
        {
            Assert.Equal(message, DimseCommandCodec.Decode(DimseCommandCodec.Encode(message)));
        }
    }

    [Fact]
    public void A_request_this_SCP_does_not_serve_decodes_so_it_can_be_answered_with_a_status()
    {
        var find = DimseCommandCodec.Encode(new CEchoRequest(5)).ToArray();
        // Turn the command field 0030H (C-ECHO-RQ) into 0110H (N-GET-RQ).
        var at = Array.IndexOf(find, (byte)0x30, 12 + 26 + 8);
        find[at] = 0x10;
        find[at + 1] = 0x01;

        var request = Assert.IsType<UnsupportedDimseRequest>(DimseCommandCodec.Decode(find));

        Assert.Equal(DimseCommandField.NGetRequest, request.CommandField);
        Assert.Equal(5, request.MessageId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("DEADBEEF")]
    [InlineData("0000 0000 04000000 0A000000 0000 0001 02000000")]
    [InlineData("0000 0001 02000000 3000")]
    [InlineData("0000 0001 02000000 3000 0000 0008 02000000 0101")]
    [InlineData("0000 0001 02000000 3000 0000 1001 02000000 0700 0000 0008 02000000 0101 0800 1800 02000000 3100")]
    [InlineData("0000 0001 02000000 0180 0000 0008 02000000 0101")]
    [InlineData("0000 0001 02000000 2080 0000 0008 02000000 0101")]
    [InlineData("0000 0001 02000000 3300 0000 1001 02000000 0700 0000 0008 02000000 0101")]
    [InlineData("0000 0001 04000000 30000000 0000 1001 02000000 0700 0000 0008 02000000 0101")]
    public void A_malformed_command_set_is_a_protocol_violation(string hex)
    {
        Assert.Throws<DicomNetworkProtocolException>(() => DimseCommandCodec.Decode(Hex(hex)));
    }

    [Fact]
    public void A_C_FIND_RQ_without_an_identifier_is_a_protocol_violation()
    {
        var find = DimseCommandCodec.Encode(new CFindRequest(5, CFindRequest.StudyRootSopClassUid)).ToArray();
        // The last element is (0000,0800) Command Data Set Type: 0000H becomes 0101H, "no data set".
        find[^2] = 0x01;
        find[^1] = 0x01;

        Assert.Throws<DicomNetworkProtocolException>(() => DimseCommandCodec.Decode(find));
    }

    [Fact]
    public void C_FIND_RSP_statuses_classify_as_PS3_4_C_4_1_1_4_says()
    {
        Assert.True(DimseStatus.IsPending(CFindStatus.Pending));
        Assert.True(DimseStatus.IsPending(CFindStatus.PendingOptionalKeysNotSupported));
        Assert.True(DimseStatus.IsCancel(CFindStatus.Cancel));
        Assert.True(DimseStatus.IsFailure(CFindStatus.OutOfResources));
        Assert.True(DimseStatus.IsFailure(CFindStatus.IdentifierDoesNotMatchSopClass));
        Assert.True(DimseStatus.IsFailure(CFindStatus.UnableToProcess));
    }

    [Fact]
    public void Status_classes_follow_PS3_7_annex_C()
    {
        Assert.True(DimseStatus.IsSuccess(0x0000));
        Assert.True(DimseStatus.IsWarning(0xB000));
        Assert.True(DimseStatus.IsPending(0xFF01));
        Assert.True(DimseStatus.IsCancel(0xFE00));
        Assert.True(DimseStatus.IsFailure(0xA700));
        Assert.True(DimseStatus.IsFailure(0x0211));
        Assert.False(DimseStatus.IsFailure(0x0107));
    }
    [Fact]
    public void A_vendor_error_comment_with_line_breaks_and_Latin_1_decodes_but_a_UID_outside_the_repertoire_does_not()
    {
        var response = DimseCommandCodec.Encode(new CStoreResponse(2, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", DimseStatus.OutOfResources, "disk full!"));
        var comment = response.AsSpan().IndexOf("full!"u8) + 4;
        response[comment - 1] = 0xE9; // Latin-1 e-acute, as some vendors send
        response[comment] = (byte)'\n';

        var decoded = Assert.IsType<CStoreResponse>(DimseCommandCodec.Decode(response));
        Assert.Equal(DimseStatus.OutOfResources, decoded.Status);
        Assert.StartsWith("disk ful", decoded.ErrorComment, StringComparison.Ordinal);

        var uid = response.AsSpan().IndexOf("1.2.3.4.5"u8);
        response[uid] = 0xE9;
        Assert.Throws<DicomNetworkProtocolException>(() => DimseCommandCodec.Decode(response));
    }
}
