using System.Net.Sockets;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Client;

/// <summary>Our requestor against dcmtk's storescp and against our own SCP.</summary>
public sealed class ClientTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";

    [Fact]
    public async Task Echo_store_and_release_against_storescp_store_every_data_set_byte_identical()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 2);
        var output = Path.Combine(corpus.Directory, "storescp");
        Directory.CreateDirectory(output);
        var (storescp, opened) = await StartAndOpenAsync(
            () => RunningPeer.Start("storescp", port => ["-aet", "STORESCP", "+xa", "+B", "-od", output, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "STORESCP",
            ContextsFor(corpus.Files));
        using var peer = storescp;

        await using (var association = opened)
        {
            Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
            foreach (var file in corpus.Files)
            {
                CStoreResponse response;
                try
                {
                    response = await StoreFileAsync(association, file);
                }
                catch (DicomAssociationAbortedException e)
                {
                    throw new InvalidOperationException($"{file} ({Part10.TransferSyntax(file)}): {e.Message}\nstorescp said:\n{storescp.Output}", e);
                }
                Assert.Equal(DimseStatus.Success, response.Status);
            }
            await association.ReleaseAsync();
            Assert.Equal(Peake.Dicom.Network.Association.UpperLayerState.Sta1Idle, association.State);
        }

        foreach (var file in corpus.Files)
        {
            var uid = Part10.SopInstanceUid(file);
            var stored = Directory.GetFiles(output).Single(f => f.EndsWith(uid, StringComparison.Ordinal));
            Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{file} ({Part10.TransferSyntax(file)}) differs");
        }
    }

    [Fact]
    public async Task Echo_and_store_against_our_own_SCP_with_a_small_max_pdu_fragments_and_stores_byte_identical()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 3);
        var syntaxes = new Dictionary<string, IReadOnlyList<string>>
        {
            [Verification] = [ImplicitLe],
            [StoreCorpus.SecondaryCapture] = StoreCorpus.Syntaxes,
            [StoreCorpus.CtImage] = StoreCorpus.Syntaxes,
        };
        // A 512-byte maximum on both sides forces every command and data set into many PDUs.
        await using var server = TestServer.Start(
            o => o with { Acceptor = o.Acceptor with { MaxReceivePduLength = 512, MaxSendPduLength = 512 } },
            syntaxes);

        await using (var association = await DicomClientAssociation.OpenAsync(
            "127.0.0.1",
            server.Server.Port,
            new AssociationRequest { CallingAeTitle = "PEAKE_SCU", CalledAeTitle = TestServer.AeTitle, PresentationContexts = ContextsFor(corpus.Files), MaxReceivePduLength = 512 }))
        {
            Assert.Equal(512u, association.Association.MaxSendPduLength);
            Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
            foreach (var file in corpus.Files)
            {
                Assert.Equal(DimseStatus.Success, (await StoreFileAsync(association, file)).Status);
            }
            await association.ReleaseAsync();
        }

        foreach (var file in corpus.Files)
        {
            var stored = Path.Combine(server.Directory, Part10.SopInstanceUid(file) + ".dcm");
            Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{file} differs");
        }
    }

    [Fact]
    public async Task A_rejected_association_throws_with_the_acceptors_reason()
    {
        await using var server = TestServer.Start();

        var e = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClientAssociation.OpenAsync(
            "127.0.0.1",
            server.Server.Port,
            new AssociationRequest { CallingAeTitle = "STRANGER", CalledAeTitle = TestServer.AeTitle, PresentationContexts = [new PresentationContextRequest(1, Verification, [ImplicitLe])] }));

        Assert.Equal(AssociateRejectReason.CallingAeTitleNotRecognized, e.Reject.Reason);
        Assert.Equal(AssociateRejectResult.Permanent, e.Reject.Result);
    }

    [Fact]
    public async Task Echo_without_an_accepted_verification_context_is_refused_locally()
    {
        await using var server = TestServer.Start();
        await using var association = await DicomClientAssociation.OpenAsync(
            "127.0.0.1",
            server.Server.Port,
            new AssociationRequest { CallingAeTitle = "SCU", CalledAeTitle = TestServer.AeTitle, PresentationContexts = [new PresentationContextRequest(1, StoreCorpus.CtImage, [ImplicitLe])] });

        Assert.Empty(association.Association.Contexts);
        await Assert.ThrowsAsync<InvalidOperationException>(() => association.EchoAsync());
    }

    private static async Task<CStoreResponse> StoreFileAsync(DicomClientAssociation association, string file)
    {
        await using var dataSet = new MemoryStream(Part10.DataSetBytes(file));
        var sopClass = Part10.SopClassUid(file);
        return await association.StoreAsync(sopClass, Part10.SopInstanceUid(file), Part10.TransferSyntax(file), dataSet);
    }

    /// <summary>Verification plus one context per (SOP class, syntax) present, proposing only that syntax.</summary>
    private static PresentationContextRequest[] ContextsFor(IEnumerable<string> files)
    {
        var pairs = files.Select(f => (Part10.SopClassUid(f), Part10.TransferSyntax(f))).Distinct().ToList();
        return
        [
            new PresentationContextRequest(1, Verification, [ImplicitLe]),
            .. pairs.Select((p, i) => new PresentationContextRequest((byte)(3 + (2 * i)), p.Item1, [p.Item2])),
        ];
    }

    /// <summary>
    /// Starts a dcmtk SCP and associates with it. Connection refused means "not listening yet" for a bounded time;
    /// a peer that exited lost its port to someone else between our probe and its bind, so it is started again.
    /// </summary>
    private static async Task<(RunningPeer Peer, DicomClientAssociation Association)> StartAndOpenAsync(
        Func<RunningPeer> start, string calledAe, IReadOnlyList<PresentationContextRequest> contexts)
    {
        for (var attempt = 1; ; attempt++)
        {
            var peer = start();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                try
                {
                    var association = await DicomClientAssociation.OpenAsync(
                        "127.0.0.1",
                        peer.Port,
                        new AssociationRequest { CallingAeTitle = "PEAKE_SCU", CalledAeTitle = calledAe, PresentationContexts = contexts, ResponseTimeout = TimeSpan.FromSeconds(20) });
                    return (peer, association);
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !peer.HasExited)
                {
                    await Task.Delay(50);
                }
                catch (SocketException) when (peer.HasExited && attempt < 3)
                {
                    peer.Dispose();
                    break;
                }
                catch
                {
                    // Never leave the peer process running behind a failed test.
                    peer.Dispose();
                    throw;
                }
            }
        }
    }
}
