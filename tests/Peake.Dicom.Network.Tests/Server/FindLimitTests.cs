using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// dcmtk's findscu against an SCP with a result limit (ADR 0034): N pending answers, then A700H saying the list was cut
/// (kept by findscu), and no more work; exactly N matches end with Success.
/// </summary>
public sealed class FindLimitTests
{
    private const int Limit = 5;

    [Fact]
    public async Task Given_more_matches_than_the_limit_When_findscu_queries_Then_exactly_the_limit_is_answered_then_out_of_resources_and_the_source_stops()
    {
        using var limitCounter = new CounterWatch("peake_query_cfind_limit_reached_total");

        var (result, responses, produced, reached) = await FindWithLimitAsync(studies: 50);

        var log = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Enumerable.Range(0, Limit).Select(i => $"1.2.3.{i}"), responses.Select(r => r.GetString(DicomTags.StudyInstanceUID)));
        Assert.True(log.Contains("Final Find Response (Refused: OutOfResources)", StringComparison.Ordinal), log);
        // One candidate past the limit tells "cut" from "exactly the limit"; then the database work stops.
        Assert.Equal(Limit + 1, produced);
        var told = Assert.Single(reached);
        Assert.Equal((QueryLevel.Study, Limit, "FINDSCU"), (told.Level, told.Matches, told.Caller.CallingAeTitle));
        Assert.True(limitCounter.Total >= 1, "the cut C-FIND was not counted");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(Limit)]
    public async Task Given_no_more_matches_than_the_limit_When_findscu_queries_Then_all_are_answered_with_success_and_no_cut_is_reported(int studies)
    {
        var (result, responses, _, reached) = await FindWithLimitAsync(studies);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(studies, responses.Count);
        Assert.True((result.StandardOutput + result.StandardError).Contains("Final Find Response (Success)", StringComparison.Ordinal), result.ToString());
        Assert.Empty(reached);
    }

    /// <summary>findscu's study query against an SCP limited to <see cref="Limit"/> matches over <paramref name="studies"/> candidates.</summary>
    private static async Task<(PeerResult Result, List<DicomDataset> Responses, int Produced, FindLimitReached[] Reached)> FindWithLimitAsync(int studies)
    {
        var service = new CountingQueryService(studies);
        var reached = new ConcurrentQueue<FindLimitReached>();
        await using var server = TestServer.Start(
            options => options with { MaxFindMatches = Limit, FindLimitReached = reached.Enqueue },
            new Dictionary<string, IReadOnlyList<string>> { [CFindRequest.StudyRootSopClassUid] = ["1.2.840.10008.1.2"] },
            query: service);
        var output = Path.Combine(Path.GetTempPath(), "peake-limit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (result, responses) = await FindArchive.FindscuAsync(server.Port, output, ["-S"], ["QueryRetrieveLevel=STUDY", "StudyInstanceUID"]);
            return (result, responses, service.Produced, reached.ToArray());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>One study candidate per request, counted: shows how far the SCP read its source.</summary>
    private sealed class CountingQueryService(int studies) : IQueryService
    {
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public async IAsyncEnumerable<DicomDataset> CandidatesAsync(
            CFindQuery query, QueryContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < studies; i++)
            {
                await Task.Yield();
                Interlocked.Increment(ref _produced);
                var study = new DicomDataset();
                study.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"1.2.3.{i}");
                yield return study;
            }
        }

        public Task<IReadOnlyList<RetrieveItem>> ResolveAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RetrieveItem>>([]);
    }

    /// <summary>Sums one counter of the "Peake.Dicom.Network" meter while it lives (other tests may add to it too).</summary>
    private sealed class CounterWatch : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterWatch(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Peake.Dicom.Network" && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
