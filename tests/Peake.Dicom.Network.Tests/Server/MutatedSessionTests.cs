using System.Collections.Concurrent;
using System.Diagnostics;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A mutation fuzzer over recorded good sessions (C-ECHO, C-STORE, C-FIND, C-GET, C-MOVE; <see cref="RecordedSession"/>)
/// with the mutations of <see cref="SessionMutator"/>, run in parallel batches for a bounded time while dcmtk's storescu
/// stores alongside. Every connection must end within a bounded time without an internal fault, no instance may be
/// stored from a session cut before its data set ended, no partial file may stay behind, the good client must
/// complete every pass, and the server must still serve echoscu afterwards. A failure names its seed.
/// </summary>
public sealed class MutatedSessionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // 20 s in make test; PEAKE_FUZZ_SECONDS runs longer by hand (the seed space grows with it).
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("PEAKE_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 20);

    private static readonly int MaxMutations = (int)Math.Min(int.MaxValue - 1000, 300 * Budget.TotalSeconds);
    // Below the server's 64 associations, so the good client always finds a slot.
    private const int Workers = 48;

    [Fact]
    public async Task Mutated_sessions_end_in_bounded_time_store_nothing_from_a_cut_data_set_and_a_good_client_completes_alongside()
    {
        await using var server = StartServer(fuzzing: true);
        await RunUnmutatedAsync(server, RecordedSession.Create("store", 0));
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        using var stop = new CancellationTokenSource();
        // Explicit VR little endian, storescu's first proposal: sent as they are, so stored byte-identical.
        string[] goodFiles = [.. corpus.Files.Where(f => Part10.TransferSyntax(f) == "1.2.840.10008.1.2.1")];
        var goodClient = StoreUntilStoppedAsync(server, goodFiles, stop.Token);
        var cut = new ConcurrentBag<string>();
        var kinds = new int[SessionMutator.Kinds];
        var clock = Stopwatch.StartNew();

        // Workers take the next seed until the budget is spent; most runs last until ARTIM or the idle timeout ends them.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int s;
            while (clock.Elapsed < Budget && (s = Interlocked.Increment(ref next)) < MaxMutations)
            {
                await FuzzAsync(server, s, cut, kinds);
            }
        }));
        var seed = Math.Min(next, MaxMutations);

        await stop.CancelAsync();
        var passes = await goodClient;
        output.WriteLine($"{seed - 1} mutations in {clock.Elapsed} (by kind: {string.Join(", ", kinds)}), {cut.Count} cut C-STOREs, {passes} storescu passes");
        await Eventually.Until(() => server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(15));

        Assert.True(seed > 5 * SessionMutator.Kinds * 4, $"only {seed} mutations ran in {Budget}");
        Assert.All(kinds, count => Assert.True(count > 0));
        Assert.True(passes > 0, "storescu completed no pass while the fuzzer ran");
        Assert.NotEmpty(goodFiles);
        foreach (var file in goodFiles)
        {
            var stored = Path.Combine(server.Directory, Part10.SopInstanceUid(file) + ".dcm");
            Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{stored} differs");
        }

        Assert.NotEmpty(cut);
        Assert.All(cut, uid => Assert.False(File.Exists(Path.Combine(server.Directory, uid + ".dcm")), $"{uid} stored from a cut session"));
        Assert.Equal(server.StoredFiles().Length, server.AllFiles().Length);
        var echo = await server.EchoAsync();
        Assert.True(echo.ExitCode == 0, echo.ToString());
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("store")]
    [InlineData("find")]
    [InlineData("get")]
    [InlineData("move")]
    public async Task The_unmutated_session_is_answered_with_a_final_response_and_released(string kind)
    {
        await using var server = StartServer();
        await RunUnmutatedAsync(server, RecordedSession.Create("store", 0));

        var answers = await RunUnmutatedAsync(server, RecordedSession.Create(kind, 1));

        var final = Assert.Single(answers, m => m is not null && !DimseStatus.IsPending(Status(m)));
        Assert.Equal(kind != "move", DimseStatus.IsSuccess(Status(final!)));
        if (kind == "store")
        {
            Assert.True(File.Exists(Path.Combine(server.Directory, RecordedSession.SopInstanceUid(1) + ".dcm")));
        }
    }

    [Fact]
    public async Task Found_by_the_fuzzer_a_command_UID_outside_the_default_repertoire_aborts_instead_of_faulting()
    {
        await using var server = StartServer();
        var session = RecordedSession.Create("echo", 1);
        var pdata = session.Pdus[1].ToArray();
        // The last character of the Affected SOP Class UID "1.2.840.10008.1.1" becomes 0xA4 ('¤' in Latin-1).
        var uid = "1.2.840.10008.1.1"u8.ToArray();
        pdata[pdata.AsSpan().IndexOf(uid) + uid.Length - 1] = 0xA4;
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);

        await peer.SendAsync([.. session.Pdus[0], .. pdata, .. session.Pdus[2]]);

        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        await peer.AssertClosedWithinAsync(TimeSpan.FromSeconds(10));
        // Disposing the server asserts that no connection faulted.
    }

    [Fact]
    public async Task Found_by_the_fuzzer_an_error_comment_quoting_non_ASCII_query_text_is_sent_with_question_marks()
    {
        await using var server = StartServer();
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "ÉTUDE");
        var find = new PDataTransferPdu(
        [
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CFindRequest(1, CFindRequest.StudyRootSopClassUid))),
            new PresentationDataValue(1, false, true, DicomWriter.ToBytes(identifier, DicomTransferSyntax.ImplicitVRLittleEndian)),
        ]);
        var session = RecordedSession.Create("find", 1) with { Pdus = [RecordedSession.Create("find", 1).Pdus[0], PduCodec.Encode(find), PduCodec.Encode(ReleaseRequestPdu.Instance)] };

        var final = Assert.IsType<CFindResponse>(Assert.Single(await RunUnmutatedAsync(server, session)));

        Assert.Equal(CFindStatus.UnableToProcess, final.Status);
        Assert.Contains("'?TUDE'", final.ErrorComment, StringComparison.Ordinal);
    }

    /// <param name="fuzzing">Short ARTIM and idle timeouts, so runs the server must wait out end quickly.</param>
    private static TestServer StartServer(bool fuzzing = false)
    {
        var dead = ClosedPort.Get();
        return TestServer.Start(
            o => o with
            {
                ArtimTimeout = TimeSpan.FromMilliseconds(fuzzing ? 500 : 5000),
                IdleTimeout = TimeSpan.FromMilliseconds(fuzzing ? 500 : 5000),
                MoveTimeout = TimeSpan.FromSeconds(2),
                MoveDestinations = new Dictionary<string, MoveDestination> { [RecordedSession.DeadDestination] = new("127.0.0.1", dead) },
            },
            RecordedSession.Syntaxes(),
            answerFind: true);
    }

    private static async Task FuzzAsync(TestServer server, int seed, ConcurrentBag<string> cut, int[] kinds)
    {
        var round = seed / SessionMutator.Kinds;
        var session = RecordedSession.Create(RecordedSession.Kinds[round % RecordedSession.Kinds.Length], seed);
        var other = RecordedSession.Create(RecordedSession.Kinds[(round + 1 + (seed % 3)) % RecordedSession.Kinds.Length], seed);
        var bytes = SessionMutator.Mutate(session, other, seed, out var kind);
        Interlocked.Increment(ref kinds[kind]);
        if (kind == 1 && session.StoredUid is { } uid && bytes.Length < session.DataSetEnd)
        {
            cut.Add(uid);
        }

        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(bytes);
        try
        {
            // ARTIM and the idle timeout (0.5 s) and the move timeout (2 s) bound everything the server may wait for.
            await peer.AssertClosedWithinAsync(TimeSpan.FromSeconds(20));
            Assert.True(server.Server.FaultedConnections == 0, $"a connection faulted (this run or one beside it): {server.Server.LastFault}");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var hex = Convert.ToHexString(bytes);
            throw new InvalidOperationException($"seed {seed} ({session.Kind}, mutation {kind}): {e.Message}; bytes {hex[..Math.Min(hex.Length, 4000)]}", e);
        }
    }

    /// <summary>storescu passes over the corpus until stopped; each must succeed. Returns how many completed.</summary>
    private static async Task<int> StoreUntilStoppedAsync(TestServer server, string[] files, CancellationToken stop)
    {
        var passes = 0;
        while (!stop.IsCancellationRequested)
        {
            var result = await PeerProcess.RunAsync(
                "storescu", ["-aet", "GOODSCU", "-aec", TestServer.AeTitle, "-to", "20", "-ta", "20", "-td", "20", "127.0.0.1", server.Port, .. files], TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"pass {passes + 1}: {result}");
            passes++;
            await Task.Delay(50, CancellationToken.None);
        }

        return passes;
    }

    /// <summary>
    /// Plays the session as a requestor should: the release only once the final response is in (PS3.8 7.2: no release
    /// with operations outstanding). Checks A-ASSOCIATE-AC first and A-RELEASE-RP last; returns the DIMSE responses.
    /// </summary>
    private static async Task<List<DimseMessage?>> RunUnmutatedAsync(TestServer server, RecordedSession session)
    {
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync([.. session.Pdus.SkipLast(1).SelectMany(p => p)]);
        var received = new List<DicomPdu>();
        var responses = new List<DimseMessage?>();
        while (await peer.ReceiveAsync(TimeSpan.FromSeconds(10)) is { } pdu)
        {
            received.Add(pdu);
            var commands = (pdu as PDataTransferPdu)?.Values.Where(v => v.IsCommand).Select(v => (DimseMessage?)DimseCommandCodec.Decode(v.Data)) ?? [];
            responses.AddRange(commands);
            if (commands.Any(c => !DimseStatus.IsPending(Status(c!))))
            {
                await peer.SendAsync(session.Pdus[^1]);
            }
        }

        Assert.IsType<AssociateAcceptPdu>(received[0]);
        Assert.IsType<ReleaseResponsePdu>(received[^1]);
        return responses;
    }

    private static ushort Status(DimseMessage message) => message switch
    {
        CEchoResponse r => r.Status,
        CStoreResponse r => r.Status,
        CFindResponse r => r.Status,
        CGetResponse r => r.Status,
        CMoveResponse r => r.Status,
        _ => throw new InvalidOperationException($"unexpected {message}"),
    };
}
