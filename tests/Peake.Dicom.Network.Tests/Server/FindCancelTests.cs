using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>C-FIND's end states seen from a raw peer: FE00H after a C-CANCEL-RQ, success after all matches.</summary>
public sealed class FindCancelTests
{
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_C_CANCEL_right_behind_the_query_ends_it_with_FE00_before_any_match_is_sent()
    {
        await using var server = StartWithInstances(300);
        using var peer = await AssociateAsync(server);

        await peer.SendAsync(new PDataTransferPdu(
        [
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CFindRequest(9, CFindRequest.StudyRootSopClassUid))),
            new PresentationDataValue(1, false, true, StudyQuery()),
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CCancelRequest(9))),
        ]));
        var (pending, final) = await ReceiveUntilFinalAsync(peer);

        Assert.Equal(0, pending);
        Assert.Equal(CFindStatus.Cancel, final.Status);
        Assert.Equal(9, final.MessageIdBeingRespondedTo);
    }

    [Fact]
    public async Task Without_a_cancel_every_match_is_sent_then_success()
    {
        await using var server = StartWithInstances(300);
        using var peer = await AssociateAsync(server);

        await peer.SendAsync(new PDataTransferPdu(
        [
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CFindRequest(4, CFindRequest.StudyRootSopClassUid))),
            new PresentationDataValue(1, false, true, StudyQuery()),
        ]));
        var (pending, final) = await ReceiveUntilFinalAsync(peer);

        Assert.Equal(300, pending);
        Assert.Equal(CFindStatus.Success, final.Status);
    }

    [Fact]
    public async Task Findscu_cancelling_after_its_first_response_gets_FE00_and_the_candidates_stop_being_produced()
    {
        var service = new SlowQueryService(count: 100, delay: TimeSpan.FromMilliseconds(200));
        await using var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [CFindRequest.StudyRootSopClassUid] = [ImplicitLe] },
            query: service);
        var output = Path.Combine(Path.GetTempPath(), "peake-cancel-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (result, responses) = await FindArchive.FindscuAsync(server.Port, output, ["-S", "--cancel", "1"], ["QueryRetrieveLevel=STUDY", "StudyInstanceUID"]);

            var log = result.StandardOutput + result.StandardError;
            Assert.True(log.Contains("Final Find Response (Cancel", StringComparison.Ordinal), log);
            Assert.InRange(responses.Count, 1, 10);
            // The C-CANCEL stopped the source, not only the sending: 20 s of candidates were never produced.
            Assert.InRange(service.Produced, 1, 12);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>A query service producing one study candidate per <c>delay</c>, as a paging read model would.</summary>
    private sealed class SlowQueryService(int count, TimeSpan delay) : Peake.Dicom.Network.Query.IQueryService
    {
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public async IAsyncEnumerable<DicomDataset> CandidatesAsync(
            Peake.Dicom.Network.Query.CFindQuery query,
            Peake.Dicom.Network.Query.QueryContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                Interlocked.Increment(ref _produced);
                var study = new DicomDataset();
                study.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"1.2.3.{i}");
                yield return study;
            }
        }

        public Task<IReadOnlyList<Peake.Dicom.Network.Query.RetrieveItem>> ResolveAsync(
            Peake.Dicom.Network.Query.CFindQuery query, Peake.Dicom.Network.Query.QueryContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Peake.Dicom.Network.Query.RetrieveItem>>([]);
    }

    private static TestServer StartWithInstances(int studies)
    {
        var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [CFindRequest.StudyRootSopClassUid] = [ImplicitLe] },
            answerFind: true);
        for (var i = 0; i < studies; i++)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, $"1.2.3.{i}.1");
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"1.2.3.{i}");
            server.Store.Index.TryAdd(ds);
        }

        return server;
    }

    private static async Task<RawPeer> AssociateAsync(TestServer server)
    {
        var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "RAW",
            [new PresentationContextRequest(1, CFindRequest.StudyRootSopClassUid, [ImplicitLe])],
            new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        return peer;
    }

    private static byte[] StudyQuery()
    {
        var id = new DicomDataset();
        id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        id.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        return DicomWriter.ToBytes(id, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    private static async Task<(int Pending, CFindResponse Final)> ReceiveUntilFinalAsync(RawPeer peer)
    {
        var pending = 0;
        while (true)
        {
            var pdu = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound));
            foreach (var pdv in pdu.Values.Where(v => v.IsCommand))
            {
                var response = Assert.IsType<CFindResponse>(DimseCommandCodec.Decode(pdv.Data));
                if (!DimseStatus.IsPending(response.Status))
                {
                    return (pending, response);
                }

                Assert.True(response.HasIdentifier);
                pending++;
            }
        }
    }
}
