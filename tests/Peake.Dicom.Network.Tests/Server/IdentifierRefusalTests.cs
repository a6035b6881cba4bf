using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A C-FIND, C-GET or C-MOVE whose identifier cannot be served is answered with a failure status once the identifier
/// is in, and the association carries on: a SOP class other than its context's (0122H), an unreadable identifier
/// (C000H), one over the size limit (A700H for C-FIND; A701H for C-GET and C-MOVE, which have no A700H).
/// </summary>
public sealed class IdentifierRefusalTests
{
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string, ushort> Cases => new()
    {
        { "find", "wrong-class", DimseStatus.SopClassNotSupported },
        { "get", "wrong-class", DimseStatus.SopClassNotSupported },
        { "move", "wrong-class", DimseStatus.SopClassNotSupported },
        { "find", "unreadable", CFindStatus.UnableToProcess },
        { "get", "unreadable", CFindStatus.UnableToProcess },
        { "move", "unreadable", CFindStatus.UnableToProcess },
        { "find", "too-long", CFindStatus.OutOfResources },
        { "get", "too-long", CGetStatus.UnableToCalculateMatches },
        { "move", "too-long", CGetStatus.UnableToCalculateMatches },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_identifier_that_cannot_be_served_is_answered_with_its_status_and_the_association_carries_on(string operation, string fault, ushort expected)
    {
        await using var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>>
            {
                [CFindRequest.StudyRootSopClassUid] = [ImplicitLe],
                [CGetRequest.StudyRootSopClassUid] = [ImplicitLe],
                [CMoveRequest.StudyRootSopClassUid] = [ImplicitLe],
            },
            answerFind: true);
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "RAW",
            [
                new PresentationContextRequest(1, CFindRequest.StudyRootSopClassUid, [ImplicitLe]),
                new PresentationContextRequest(3, CGetRequest.StudyRootSopClassUid, [ImplicitLe]),
                new PresentationContextRequest(5, CMoveRequest.StudyRootSopClassUid, [ImplicitLe]),
            ],
            new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        var wrongClass = fault == "wrong-class";
        var (contextId, request) = operation switch
        {
            "find" => ((byte)1, (DimseMessage)new CFindRequest(7, wrongClass ? CFindRequest.PatientRootSopClassUid : CFindRequest.StudyRootSopClassUid)),
            "get" => ((byte)3, new CGetRequest(7, wrongClass ? CGetRequest.PatientRootSopClassUid : CGetRequest.StudyRootSopClassUid)),
            _ => ((byte)5, new CMoveRequest(7, wrongClass ? CMoveRequest.PatientRootSopClassUid : CMoveRequest.StudyRootSopClassUid, "ANYWHERE")),
        };

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, true, true, DimseCommandCodec.Encode(request))]));
        foreach (var piece in Identifier(fault))
        {
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, false, piece.Last, piece.Bytes)]));
        }

        Assert.Equal(expected, StatusOf(await peer.ReceiveAsync(Bound)));
        // The association is still up: an orderly release is answered.
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
    }

    /// <summary>The identifier's PDVs: a valid STUDY query, a value length past the reader's limit, or 1 MiB and more.</summary>
    private static IEnumerable<(byte[] Bytes, bool Last)> Identifier(string fault)
    {
        switch (fault)
        {
            case "unreadable":
                yield return (Bytes.Hex("08005200 FFFFFF00 5354"), true);
                break;
            case "too-long":
                for (var i = 0; i < 66; i++)
                {
                    yield return (new byte[16 * 1024 - 16], i == 65);
                }

                break;
            default:
                yield return (Bytes.Hex("08005200 06000000 535455445920"), true);
                break;
        }
    }

    private static ushort StatusOf(DicomPdu? pdu)
    {
        var data = Assert.IsType<PDataTransferPdu>(pdu);
        return DimseCommandCodec.Decode(data.Values.Single().Data) switch
        {
            CFindResponse find => find.Status,
            CGetResponse get => get.Status,
            CMoveResponse move => move.Status,
            var other => throw new Xunit.Sdk.XunitException($"unexpected {other.CommandField}"),
        };
    }
}
