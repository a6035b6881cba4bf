using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// Releases done wrong or held open (PS3.8 7.2, Table 9-10 Sta13): a peer that never closes after its A-RELEASE-RP is
/// closed by ARTIM, a release in the middle of a store stores nothing, a release out of state is aborted, and peers
/// doing this at the same time do not keep a well-behaved client out.
/// </summary>
public sealed class ReleaseTests
{
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_peer_that_never_closes_after_its_release_is_closed_by_ARTIM()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest(maxPduLength: 16384));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(ReleaseRequestPdu.Instance);

        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
        // The peer keeps the socket open; ARTIM (1 s in TestServer) bounds Sta13.
        await peer.AssertClosedWithinAsync(Bound);
        await Eventually.Until(() => server.Server.ActiveConnections == 0, Bound);
    }

    [Fact]
    public async Task Peers_holding_released_associations_open_do_not_keep_echoscu_out()
    {
        await using var server = TestServer.Start(o => o with { ArtimTimeout = TimeSpan.FromSeconds(5), MaxAssociations = 10 });
        var held = new List<RawPeer>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                var peer = await RawPeer.ConnectAsync(server.Server.Port);
                held.Add(peer);
                await peer.SendAsync(TestServer.EchoAssociateRequest(maxPduLength: 16384));
                Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
                await peer.SendAsync(ReleaseRequestPdu.Instance);
                Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
            }

            // Thirty released associations in Sta13 hold no association slot (the limit is ten).
            var result = await server.EchoAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
            await Eventually.Until(() => server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(30));
        }
        finally
        {
            held.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_release_in_the_middle_of_a_store_is_answered_and_stores_nothing()
    {
        await using var server = TestServer.Start(syntaxes: new Dictionary<string, IReadOnlyList<string>> { [SecondaryCapture] = [ImplicitLe] });
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(TestServer.AeTitle, "RAW", [new PresentationContextRequest(1, SecondaryCapture, [ImplicitLe])], new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CStoreRequest(1, SecondaryCapture, "1.2.3.4.5")))]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, false, Bytes.Hex("08001000 04000000 41424344"))]));
        await Eventually.Until(() => server.AllFiles().Length == 1, Bound);

        await peer.SendAsync(ReleaseRequestPdu.Instance);

        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
        await peer.AssertClosedWithinAsync(Bound);
        await Eventually.Until(() => server.Server.ActiveConnections == 0, Bound);
        Assert.Empty(server.AllFiles());
    }

    [Fact]
    public async Task A_release_request_before_any_association_gets_an_abort()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);

        await peer.SendAsync(ReleaseRequestPdu.Instance);

        // Sta2 + Evt12: AA-1, an A-ABORT, then the close.
        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        await peer.AssertClosedWithinAsync(Bound);
    }

    [Fact]
    public async Task A_release_response_nobody_asked_for_gets_an_abort()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest(maxPduLength: 16384));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(ReleaseResponsePdu.Instance);

        // Sta6 + Evt13: AA-8, unexpected PDU.
        var abort = Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        Assert.Equal(AbortReason.UnexpectedPdu, abort.Reason);
        await peer.AssertClosedWithinAsync(Bound);
    }

    [Fact]
    public async Task A_max_pdu_length_of_zero_means_no_limit_and_an_echo_is_answered()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest(maxPduLength: 0));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CEchoRequest(5)))]));

        var data = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound));
        var response = Assert.IsType<CEchoResponse>(DimseCommandCodec.Decode(data.Values.Single().Data));
        Assert.Equal(5, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.Success, response.Status);
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
    }
}
