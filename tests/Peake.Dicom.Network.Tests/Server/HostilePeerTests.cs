using System.Buffers.Binary;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// Raw clients breaking the protocol: each must get an A-ABORT or a close within a bounded time, nothing may be
/// stored from a broken association, and a well-behaved peer at the same time is served normally.
/// </summary>
public sealed class HostilePeerTests
{
    private const string Echo = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("01 00 FFFFFFFF")]
    [InlineData("01 00 80000000")]
    [InlineData("01 00 00000000")]
    [InlineData("01 00 00000001")]
    [InlineData("04 00 FFFFFFFF")]
    [InlineData("05 00 00000000")]
    [InlineData("474554202F20485454502F312E310D0A")]
    [InlineData("08 00 00000004 00000000")]
    [InlineData("04 00 00000006 00000002 01 03")]
    public async Task A_bad_first_pdu_gets_an_abort_then_a_close(string hex)
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);

        await peer.SendAsync(Bytes.Hex(hex));

        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        await peer.AssertClosedWithinAsync(Bound);
    }

    [Fact]
    public async Task A_calling_AE_title_holding_NUL_gets_an_abort()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        var rq = PduCodec.Encode(TestServer.EchoAssociateRequest());
        rq[6 + 4 + 16 + 2] = 0;

        await peer.SendAsync(rq);

        var abort = Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        Assert.Equal(AbortSource.ServiceUser, abort.Source);
    }

    [Fact]
    public async Task A_truncated_request_held_open_is_closed_by_ARTIM()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        var rq = PduCodec.Encode(TestServer.EchoAssociateRequest());

        await peer.SendAsync(rq.AsSpan(0, rq.Length / 2).ToArray());

        Assert.Null(await peer.ReceiveAsync(Bound));
        await Eventually.Until(() => server.Server.ActiveConnections == 0, Bound);
    }

    [Fact]
    public async Task A_connection_that_never_speaks_is_closed_by_ARTIM()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);

        Assert.Null(await peer.ReceiveAsync(Bound));
    }

    [Fact]
    public async Task A_second_associate_request_inside_an_association_is_aborted_as_unexpected()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(TestServer.EchoAssociateRequest());

        var abort = Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        Assert.Equal(AbortReason.UnexpectedPdu, abort.Reason);
    }

    [Theory]
    [InlineData("DEADBEEF")]
    [InlineData("0000 0001 02000000 3000")]
    [InlineData("0800 1800 02000000 3100")]
    public async Task An_invalid_DIMSE_command_set_gets_an_abort(string command)
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, Bytes.Hex(command))]));

        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
    }

    [Fact]
    public async Task A_raw_echo_in_fragmented_pdvs_is_answered_and_released()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(TestServer.EchoAssociateRequest());
        var ac = Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        Assert.Equal(PresentationContextResult.Acceptance, ac.PresentationContexts[0].Result);
        var command = DimseCommandCodec.Encode(new CEchoRequest(42));

        // One PDU carrying the command in three PDVs, the middle one empty.
        await peer.SendAsync(new PDataTransferPdu([
            new PresentationDataValue(1, true, false, command.AsMemory(0, 10)),
            new PresentationDataValue(1, true, false, ReadOnlyMemory<byte>.Empty),
            new PresentationDataValue(1, true, true, command.AsMemory(10)),
        ]));

        var data = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound));
        var response = Assert.IsType<CEchoResponse>(DimseCommandCodec.Decode(data.Values.Single().Data));
        Assert.Equal(42, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.Success, response.Status);
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_store_cut_short_leaves_nothing_in_the_store(bool abortInsteadOfClose)
    {
        await using var server = TestServer.Start(syntaxes: new Dictionary<string, IReadOnlyList<string>> { [SecondaryCapture] = [ImplicitLe] });
        using (var peer = await RawPeer.ConnectAsync(server.Server.Port))
        {
            await peer.SendAsync(new AssociateRequestPdu(TestServer.AeTitle, "RAW", [new PresentationContextRequest(1, SecondaryCapture, [ImplicitLe])], new UserInformation(16384, "1.2.3")));
            Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
            var command = DimseCommandCodec.Encode(new CStoreRequest(1, SecondaryCapture, "1.2.3.4.5"));
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, command)]));
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, false, Bytes.Hex("08001000 04000000 41424344"))]));
            // The instance is on its way: its temporary file exists.
            await Eventually.Until(() => server.AllFiles().Length == 1, Bound);
            if (abortInsteadOfClose)
            {
                await peer.SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
                await peer.AssertClosedWithinAsync(Bound);
            }
        }

        await Eventually.Until(() => server.Server.ActiveConnections == 0, Bound);
        Assert.Empty(server.AllFiles());
    }

    [Fact]
    public async Task A_store_that_cannot_write_answers_out_of_resources_and_the_association_carries_on()
    {
        var failing = new FailingStoreHandler();
        await using var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [SecondaryCapture] = [ImplicitLe], [Echo] = [ImplicitLe] },
            wrapStore: _ => failing);
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "RAW",
            [new PresentationContextRequest(1, SecondaryCapture, [ImplicitLe]), new PresentationContextRequest(3, Echo, [ImplicitLe])],
            new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CStoreRequest(7, SecondaryCapture, "1.2.3.4.5")))]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, false, Bytes.Hex("08001000 04000000 41424344"))]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, true, Bytes.Hex("10001000 04000000 41424344"))]));

        var stored = Assert.IsType<CStoreResponse>(DimseCommandCodec.Decode(Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single().Data));
        Assert.Equal(7, stored.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.OutOfResources, stored.Status);
        Assert.Equal(1, failing.Disposed);
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(3, true, true, DimseCommandCodec.Encode(new CEchoRequest(8)))]));
        var echo = Assert.IsType<CEchoResponse>(DimseCommandCodec.Decode(Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single().Data));
        Assert.Equal(DimseStatus.Success, echo.Status);
    }

    [Fact]
    public async Task A_request_not_served_yet_is_answered_unrecognized_after_its_data_set_is_drained()
    {
        const string studyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
        await using var server = TestServer.Start(syntaxes: new Dictionary<string, IReadOnlyList<string>> { [studyRootFind] = [ImplicitLe], [Echo] = [ImplicitLe] });
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "RAW",
            [new PresentationContextRequest(1, studyRootFind, [ImplicitLe]), new PresentationContextRequest(3, Echo, [ImplicitLe])],
            new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        // A C-FIND-RQ is a C-ECHO-RQ's shape with command field 0020H, a priority and a data set.
        var find = Bytes.Concat(
            Bytes.Hex("0000 0000 04000000 4C000000"),
            Bytes.Hex("0000 0200 1C000000"), Bytes.Ascii(studyRootFind), [0],
            Bytes.Hex("0000 0001 02000000 2000"),
            Bytes.Hex("0000 1001 02000000 0900"),
            Bytes.Hex("0000 0007 02000000 0000"),
            Bytes.Hex("0000 0008 02000000 0000"));

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, find)]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, true, Bytes.Hex("08005200 06000000 535455445920"))]));

        var response = Assert.IsType<CFindResponse>(DimseCommandCodec.Decode(Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single().Data));
        Assert.False(response.HasIdentifier);
        Assert.Equal(9, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.UnrecognizedOperation, response.Status);
    }

    [Fact]
    public async Task A_thousand_idle_connections_do_not_keep_echoscu_out_and_are_all_closed_by_ARTIM()
    {
        await using var server = TestServer.Start(o => o with { ArtimTimeout = TimeSpan.FromSeconds(15) });
        var idle = new List<RawPeer>();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                idle.Add(await RawPeer.ConnectAsync(server.Server.Port));
            }
            await Eventually.Until(() => server.Server.ActiveConnections >= 1000, TimeSpan.FromSeconds(10));

            var result = await server.EchoAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
            await Eventually.Until(() => server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(60));
            Assert.Equal(0, server.Server.ActiveAssociations);
        }
        finally
        {
            idle.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Past_the_connection_limit_a_new_connection_is_closed_unread()
    {
        await using var server = TestServer.Start(o => o with { MaxConnections = 3, ArtimTimeout = TimeSpan.FromSeconds(60) });
        var held = new List<RawPeer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                held.Add(await RawPeer.ConnectAsync(server.Server.Port));
            }
            await Eventually.Until(() => server.Server.ActiveConnections == 3, Bound);
            using var extra = await RawPeer.ConnectAsync(server.Server.Port);

            // Closed long before the 60 s ARTIM could have done it.
            Assert.Null(await extra.ReceiveAsync(Bound));
            Assert.Equal(3, server.Server.ActiveConnections);
        }
        finally
        {
            held.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Echoscu_succeeds_while_hostile_peers_hold_connections_open()
    {
        await using var server = TestServer.Start(o => o with { ArtimTimeout = TimeSpan.FromSeconds(5) });
        var hostile = new List<RawPeer>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var peer = await RawPeer.ConnectAsync(server.Server.Port);
                hostile.Add(peer);
                await peer.SendAsync(i % 2 == 0 ? Bytes.Hex("01 00 00 00") : PduCodec.Encode(TestServer.EchoAssociateRequest()).AsSpan(0, 40).ToArray());
            }
            await Eventually.Until(() => server.Server.ActiveConnections >= 20, Bound);

            var result = await server.EchoAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            hostile.ForEach(p => p.Dispose());
        }
    }
}
