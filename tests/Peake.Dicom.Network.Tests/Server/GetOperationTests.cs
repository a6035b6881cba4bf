using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>The C-GET sub-operation sequence and its counts (PS3.4 C.4.3.3), driven without a network.</summary>
public sealed class GetOperationTests(RetrieveArchive archive) : IClassFixture<RetrieveArchive>
{
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    [Fact]
    public async Task Each_sub_operation_is_a_store_then_a_pending_with_counts_and_a_warning_makes_the_final_B000()
    {
        var files = Files("1.1.1", "1.1.2");
        var get = Operation(files);

        var (storeContext, store, dataSet) = await get.NextAsync(default);
        Assert.Equal(3, storeContext);
        Assert.Equal(RetrieveArchive.Sop("1.1.1"), Assert.IsType<CStoreRequest>(store).AffectedSopInstanceUid);
        using (var sent = new MemoryStream())
        {
            dataSet!.CopyTo(sent);
            dataSet.Dispose();
            Assert.Equal(Part10.DataSetBytes(files[0].Locator), sent.ToArray());
        }
        Assert.True(get.AwaitingStoreResponse);
        Answer(get, store, DimseStatus.Success);
        var pending = Assert.IsType<CGetResponse>(await TakeAsync(get));
        Assert.Equal((CGetStatus.Pending, (ushort?)1, (ushort?)1, (ushort?)0), (pending.Status, pending.Remaining, pending.Completed, pending.Failed));
        Answer(get, await TakeAsync(get), 0xB007);
        var final = Assert.IsType<CGetResponse>(await TakeAsync(get));

        Assert.True(get.IsFinished);
        Assert.Equal((CGetStatus.CompletedWithFailures, (ushort?)null, (ushort?)1, (ushort?)1), (final.Status, final.Remaining, final.Completed, final.Warning));
    }

    [Fact]
    public async Task A_cancel_between_sub_operations_ends_with_FE00_and_the_remaining_count()
    {
        var get = Operation(Files("1.1.1", "1.1.2", "1.2.1"));

        Answer(get, await TakeAsync(get), DimseStatus.Success);
        get.Cancel();
        var final = Assert.IsType<CGetResponse>(await TakeAsync(get));

        Assert.True(get.IsFinished);
        Assert.Equal((CGetStatus.Cancel, (ushort?)2, (ushort?)1), (final.Status, final.Remaining, final.Completed));
    }

    [Fact]
    public async Task A_missing_file_fails_its_sub_operation_and_the_others_still_go()
    {
        var missing = RetrieveArchive.Sop("9.9.9");
        var get = Operation([Item(missing, ""), .. Files("2.1.1")]);

        var (_, store, dataSet) = await get.NextAsync(default);
        dataSet!.Dispose();
        Answer(get, store, DimseStatus.Success);
        var (_, command, identifier) = await get.NextAsync(default);
        var final = Assert.IsType<CGetResponse>(command);

        Assert.Equal((CGetStatus.CompletedWithFailures, (ushort?)1, (ushort?)1), (final.Status, final.Completed, final.Failed));
        // PS3.4 C.4.3.1.4: the final response's identifier lists the failed instance.
        Assert.True(final.HasDataSet);
        Assert.Equal([missing], final.FailedSopInstanceUids);
        Assert.Equal([missing], DicomReader.ReadDataset(identifier!, DicomTransferSyntax.ExplicitVRLittleEndian).GetStrings(DicomTags.FailedSOPInstanceUIDList));
    }

    [Fact]
    public async Task A_C_STORE_RSP_naming_another_message_or_context_is_a_protocol_violation()
    {
        var get = Operation(Files("1.1.1", "1.1.2"));
        var store = Assert.IsType<CStoreRequest>(await TakeAsync(get));

        Assert.Throws<DicomNetworkProtocolException>(() => get.OnStoreResponse(3, new CStoreResponse((ushort)(store.MessageId + 1), store.AffectedSopClassUid, store.AffectedSopInstanceUid, DimseStatus.Success)));
        Assert.Throws<DicomNetworkProtocolException>(() => get.OnStoreResponse(1, new CStoreResponse(store.MessageId, store.AffectedSopClassUid, store.AffectedSopInstanceUid, DimseStatus.Success)));
        Assert.True(get.AwaitingStoreResponse);
    }

    [Fact]
    public async Task Sub_operations_of_successive_C_GETs_on_one_association_never_reuse_a_message_id()
    {
        var ids = new OutgoingMessageIds();
        _ = ids.Next(); // as a storage commitment report would have taken it
        var first = Operation(Files("1.1.1"), ids);
        var a = Assert.IsType<CStoreRequest>(await TakeAsync(first));
        Answer(first, a, DimseStatus.Success);
        var second = Operation(Files("1.1.2"), ids);
        var b = Assert.IsType<CStoreRequest>(await TakeAsync(second));

        Assert.Equal([2, 3], new[] { a.MessageId, b.MessageId });
    }

    [Fact]
    public async Task A_requestor_accepting_implicit_only_gets_the_explicit_instance_re_encoded_with_the_same_values()
    {
        var files = Files("1.1.1");
        var get = Operation(files, contextSyntax: "1.2.840.10008.1.2");

        var (context, store, dataSet) = await get.NextAsync(default);

        Assert.Equal(3, context);
        Assert.IsType<CStoreRequest>(store);
        await using (dataSet)
        {
            var sent = DicomReader.ReadDataset(dataSet!, DicomTransferSyntax.ImplicitVRLittleEndian);
            GetTests.AssertSameValues(files[0].Locator, sent);
        }
    }

    private static void Answer(GetOperation get, DimseMessage sent, ushort status)
    {
        var store = Assert.IsType<CStoreRequest>(sent);
        get.OnStoreResponse(3, new CStoreResponse(store.MessageId, store.AffectedSopClassUid, store.AffectedSopInstanceUid, status));
    }

    /// <summary>The next command; its data set stream, if any, is closed unread.</summary>
    private static async Task<DimseMessage> TakeAsync(GetOperation get)
    {
        var (_, command, dataSet) = await get.NextAsync(default);
        dataSet?.Dispose();
        return command;
    }

    private RetrieveItem[] Files(params string[] sops) => [.. sops.Select(s => Item(RetrieveArchive.Sop(s), archive.Sources[RetrieveArchive.Sop(s)]))];

    private static RetrieveItem Item(string sop, string path) => new("1", "1.1", sop, RetrieveArchive.SecondaryCapture, ExplicitLittle, path, 0);

    private static GetOperation Operation(IReadOnlyList<RetrieveItem> matches, OutgoingMessageIds? ids = null, string contextSyntax = ExplicitLittle)
    {
        var association = new NegotiatedAssociation(
            "PEAKE",
            "GETSCU",
            new Dictionary<byte, AcceptedPresentationContext>
            {
                [1] = new(1, CGetRequest.StudyRootSopClassUid, ExplicitLittle),
                [3] = new(3, RetrieveArchive.SecondaryCapture, contextSyntax),
            },
            16384,
            16384,
            new UserInformation(16384, RoleSelections: [new RoleSelection(RetrieveArchive.SecondaryCapture, ScuRole: false, ScpRole: true)]));
        return new GetOperation(1, new CGetRequest(7, CGetRequest.StudyRootSopClassUid), association, new HashSet<string> { RetrieveArchive.SecondaryCapture }, matches, new InstanceIndex(), new QueryContext("GETSCU", "PEAKE"), ids ?? new OutgoingMessageIds());
    }
}
