using System.Buffers;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;
using static Peake.Dicom.Network.Tests.Infrastructure.Bytes;

namespace Peake.Dicom.Network.Tests.Pdu;

public sealed class PduDecodingTests
{
    internal static AssociateRequestPdu FullRequest() => new(
        "STORE_SCP",
        "MODALITY 1",
        [
            new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
            new PresentationContextRequest(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.50"]),
        ],
        new UserInformation(
            32768,
            "1.2.3.4",
            "TEST_1",
            new AsyncOperationsWindow(5, 1),
            [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", ScuRole: true, ScpRole: true)],
            new UserIdentityRequest(UserIdentityType.JsonWebToken, false, Ascii("eyJ.token"), ReadOnlyMemory<byte>.Empty),
            Other: [new RawSubItem(0x57, Hex("0102030405"))]));

    [Fact]
    public void AssociateRequest_round_trips_every_field()
    {
        var rq = FullRequest();
        var bytes = PduCodec.Encode(rq);

        var back = Assert.IsType<AssociateRequestPdu>(PduCodec.Decode(bytes));

        Assert.Equal("STORE_SCP", back.CalledAeTitle);
        Assert.Equal("MODALITY 1", back.CallingAeTitle);
        Assert.Equal(2, back.PresentationContexts.Count);
        Assert.Equal(rq.PresentationContexts[1].TransferSyntaxes, back.PresentationContexts[1].TransferSyntaxes);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", back.PresentationContexts[1].AbstractSyntax);
        var ui = back.UserInformation;
        Assert.Equal(32768u, ui.MaxPduLength);
        Assert.Equal("1.2.3.4", ui.ImplementationClassUid);
        Assert.Equal("TEST_1", ui.ImplementationVersionName);
        Assert.Equal(new AsyncOperationsWindow(5, 1), ui.AsyncOperationsWindow);
        Assert.Equal(new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true), Assert.Single(ui.RoleSelections));
        Assert.Equal(UserIdentityType.JsonWebToken, ui.UserIdentity!.IdentityType);
        Assert.Equal("eyJ.token"u8.ToArray(), ui.UserIdentity.PrimaryField.ToArray());
        var raw = Assert.Single(ui.Other);
        Assert.Equal(0x57, raw.ItemType);
        Assert.Equal(Hex("0102030405"), raw.Value.ToArray());
        Assert.Equal(bytes, PduCodec.Encode(back));
    }

    [Fact]
    public void AssociateAccept_round_trips_with_user_identity_response()
    {
        var ac = new AssociateAcceptPdu(
            "STORE_SCP",
            "MODALITY 1",
            [new PresentationContextAccept(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"), new PresentationContextAccept(3, PresentationContextResult.TransferSyntaxesNotSupported, "1.2.840.10008.1.2")],
            new UserInformation(65536, "1.2.3", "V", UserIdentityResponse: Ascii("ok")));
        var bytes = PduCodec.Encode(ac);

        var back = Assert.IsType<AssociateAcceptPdu>(PduCodec.Decode(bytes));

        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, back.PresentationContexts[1].Result);
        Assert.Equal("1.2.840.10008.1.2", back.PresentationContexts[0].TransferSyntax);
        Assert.Equal("ok"u8.ToArray(), back.UserInformation.UserIdentityResponse!.Value.ToArray());
        Assert.Equal(bytes, PduCodec.Encode(back));
    }

    [Fact]
    public void Fixed_size_pdus_round_trip()
    {
        DicomPdu[] pdus =
        [
            new AssociateRejectPdu(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, 2),
            ReleaseRequestPdu.Instance,
            ReleaseResponsePdu.Instance,
            new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified),
        ];
        foreach (var pdu in pdus)
        {
            Assert.Equal(pdu, PduCodec.Decode(PduCodec.Encode(pdu)));
        }
    }

    [Fact]
    public void DataTransfer_round_trips_including_an_empty_pdv()
    {
        var bytes = Hex("04 00 0000000E 00000004 05 02 01 02 00000002 05 03");

        var back = Assert.IsType<PDataTransferPdu>(PduCodec.Decode(bytes));

        Assert.Equal(2, back.Values.Count);
        Assert.Equal(new byte[] { 1, 2 }, back.Values[0].Data.ToArray());
        Assert.False(back.Values[0].IsCommand);
        Assert.True(back.Values[0].IsLast);
        Assert.True(back.Values[1].IsCommand);
        Assert.Equal(0, back.Values[1].Data.Length);
        Assert.Equal(bytes, PduCodec.Encode(back));
    }

    [Fact]
    public void TryDecode_waits_for_the_whole_pdu_across_segments_then_consumes_exactly_it()
    {
        var first = PduCodec.Encode(FullRequest());
        var second = PduCodec.Encode(ReleaseRequestPdu.Instance);
        var all = Concat(first, second);

        for (var cut = 0; cut < first.Length; cut += 7)
        {
            var partial = new ReadOnlySequence<byte>(all, 0, cut);
            Assert.False(PduCodec.TryDecode(ref partial, PduReadLimits.Default, out _));
            Assert.Equal(cut, partial.Length);
        }
        var sequence = Segments.Split(all, 5);
        Assert.True(PduCodec.TryDecode(ref sequence, PduReadLimits.Default, out var pdu));
        Assert.IsType<AssociateRequestPdu>(pdu);
        Assert.Equal(second.Length, sequence.Length);
        Assert.True(PduCodec.TryDecode(ref sequence, PduReadLimits.Default, out pdu));
        Assert.Same(ReleaseRequestPdu.Instance, pdu);
        Assert.Equal(0, sequence.Length);
    }

    [Fact]
    public void AE_titles_lose_their_padding_and_leading_spaces()
    {
        var bytes = PduCodec.Encode(FullRequest());
        Ascii("  PADDED        ").CopyTo(bytes, 10);

        var back = Assert.IsType<AssociateRequestPdu>(PduCodec.Decode(bytes));

        Assert.Equal("PADDED", back.CalledAeTitle);
    }

    [Fact]
    public void Max_pdu_length_zero_decodes_as_no_limit()
    {
        var rq = FullRequest() with { UserInformation = new UserInformation(0) };

        var back = Assert.IsType<AssociateRequestPdu>(PduCodec.Decode(PduCodec.Encode(rq)));

        Assert.Equal(0u, back.UserInformation.MaxPduLength);
    }
}
