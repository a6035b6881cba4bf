using Akka.Actor;
using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Ingest.Associations;
using Peake.Ingest.Tests.Harness;
using Peake.Storage;

namespace Peake.Ingest.Tests;

/// <summary>
/// One C-STORE's sink on its own (a real ActorSystem, a real blob store): what happens to the temporary blob when the
/// association's actor never takes it, when the disk fills while the data set arrives, and when the data set is larger
/// than the configured limit. Nothing may be left in the store's temporary folder, and the answer must be A700H.
/// </summary>
public sealed class StoreSinkTests : IAsyncLifetime
{
    private const ushort OutOfResources = 0xA700;
    private readonly TempFolder _folder = new();
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("sink-tests", "akka.loglevel = OFF\nakka.log-dead-letters = off");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        _folder.Dispose();
    }

    private static readonly IngestGatewayOptions Options = new() { AeTitle = "SINK_TEST", QuorumTimeout = TimeSpan.FromMilliseconds(300) };

    private (BlobStore Store, string Tmp) Store(Func<long>? available = null)
    {
        var root = _folder.Sub(Guid.NewGuid().ToString("N"));
        return (BlobStore.Open(new BlobStoreOptions(root) { ReserveBytes = 1L << 20, AvailableBytes = available }), Path.Combine(root, "tmp"));
    }

    private (byte[] DataSet, CStoreRequest Request) Instance(int pixelBytes)
    {
        var sent = TestInstances.Write(_folder.Path, $"{TestInstances.Root}.31.{pixelBytes}.1", $"{TestInstances.Root}.31.{pixelBytes}.2", $"{TestInstances.Root}.31.{pixelBytes}.3", pixelBytes: pixelBytes);
        return (sent.DataSet(), new CStoreRequest(1, TestInstances.CtImageStorage, sent.SopUid));
    }

    private static ClusterStoreSink Sink(IActorRef actor, BlobStore store, CStoreRequest request, IngestGatewayOptions options, string? requiredStudyUid = null) =>
        new(actor, store.BeginWrite(), ArchiveFileMeta.Build(request.AffectedSopClassUid, request.AffectedSopInstanceUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid),
            request, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, options, TimeSpan.FromMilliseconds(100), requiredStudyUid);

    private static async Task SendAsync(ClusterStoreSink sink, byte[] dataSet)
    {
        for (var at = 0; at < dataSet.Length; at += 64 * 1024)
            await sink.WriteAsync(dataSet.AsMemory(at, Math.Min(64 * 1024, dataSet.Length - at)), CancellationToken.None);
    }

    [Fact]
    public async Task Given_an_association_actor_that_never_processes_the_store_When_the_wait_ends_Then_A700_and_the_temporary_blob_is_deleted()
    {
        var (store, tmp) = Store();
        var gone = _system.ActorOf(Props.Empty);
        await gone.GracefulStop(TimeSpan.FromSeconds(10));
        var (dataSet, request) = Instance(20_000);

        var sink = Sink(gone, store, request, Options);
        await SendAsync(sink, dataSet);
        var status = await sink.CompleteAsync(CancellationToken.None);

        Assert.Equal(OutOfResources, status);
        Assert.Empty(Directory.GetFiles(tmp));
        await sink.DisposeAsync();
        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Empty(store.Inventory());
    }

    [Fact]
    public async Task Given_a_disk_falling_below_the_reserve_while_a_data_set_arrives_Then_A700_and_nothing_is_left()
    {
        long available = 1L << 40;
        var (store, tmp) = Store(() => Interlocked.Read(ref available));
        var (dataSet, request) = Instance(12_000_000);

        await using var sink = Sink(ActorRefs.Nobody, store, request, Options);
        Interlocked.Exchange(ref available, 1000);
        await SendAsync(sink, dataSet);
        var status = await sink.CompleteAsync(CancellationToken.None);

        Assert.Equal(OutOfResources, status);
        Assert.Contains("local storage", sink.ErrorComment, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Empty(store.Inventory());
    }

    [Fact]
    public async Task Given_a_data_set_larger_than_the_configured_maximum_Then_A700_and_nothing_is_left()
    {
        var (store, tmp) = Store();
        var (dataSet, request) = Instance(300_000);

        await using var sink = Sink(ActorRefs.Nobody, store, request, Options with { MaxInstanceBytes = 200_000 });
        await SendAsync(sink, dataSet);
        var status = await sink.CompleteAsync(CancellationToken.None);

        Assert.Equal(OutOfResources, status);
        Assert.Contains("limit", sink.ErrorComment, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(tmp));
    }

    [Fact]
    public async Task Given_a_store_that_requires_another_study_When_the_data_set_arrives_Then_C000_before_the_actor_is_asked_and_nothing_is_left()
    {
        var (store, tmp) = Store();
        var (dataSet, request) = Instance(10_000);
        var asked = new TaskCompletionSource();
        var actor = _system.ActorOf(Props.Create(() => new AskedActor(asked)));

        await using var sink = Sink(actor, store, request, Options, requiredStudyUid: "1.2.3.999");
        await SendAsync(sink, dataSet);
        var status = await sink.CompleteAsync(CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal(0xC000, status);
        Assert.Contains("not 1.2.3.999", sink.Reason, StringComparison.Ordinal);
        Assert.Equal($"{TestInstances.Root}.31.10000.1", sink.Header?.StudyInstanceUid);
        Assert.False(asked.Task.IsCompleted);
        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Empty(store.Inventory());
    }

    private sealed class AskedActor : ReceiveActor
    {
        public AskedActor(TaskCompletionSource asked) => ReceiveAny(_ => asked.TrySetResult());
    }

    [Fact]
    public void Given_a_large_instance_Then_its_quorum_deadline_grows_with_its_size()
    {
        var options = new IngestGatewayOptions { AeTitle = "X", QuorumTimeout = TimeSpan.FromSeconds(30), QuorumMinimumBytesPerSecond = 10L * 1024 * 1024 };

        Assert.Equal(TimeSpan.FromSeconds(30), options.QuorumDeadline(0));
        Assert.Equal(TimeSpan.FromSeconds(30 + 204.8), options.QuorumDeadline(2L * 1024 * 1024 * 1024));
        Assert.True(options.QuorumDeadline(100 * 1024 * 1024) > options.QuorumDeadline(1024 * 1024));
    }
}
