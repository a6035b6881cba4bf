using System.Runtime.CompilerServices;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>A C-FIND over an asynchronous source, driven without a network (PS3.4 C.4.1.3).</summary>
public sealed class FindOperationTests
{
    [Fact]
    public async Task A_source_failing_part_way_ends_the_find_with_its_status_after_the_matches_already_sent()
    {
        var find = Operation(_ => Matches(2, new QueryFailedException(CFindStatus.OutOfResources, "read model unavailable")));

        var first = await find.NextAsync(default);
        var second = await find.NextAsync(default);
        var final = await find.NextAsync(default);

        Assert.All(new[] { first, second }, r => Assert.Equal(CFindStatus.Pending, ((CFindResponse)r.Command).Status));
        var response = Assert.IsType<CFindResponse>(final.Command);
        Assert.Equal((CFindStatus.OutOfResources, "read model unavailable"), (response.Status, response.ErrorComment));
        Assert.Null(final.Identifier);
        Assert.True(find.IsFinished);
    }

    [Fact]
    public async Task A_cancel_ends_with_FE00_and_disposes_the_source()
    {
        var disposed = new TaskCompletionSource();
        var find = Operation(_ => Matches(100, null, disposed));

        await find.NextAsync(default);
        find.Cancel();
        var final = await find.NextAsync(default);

        Assert.Equal(CFindStatus.Cancel, Assert.IsType<CFindResponse>(final.Command).Status);
        Assert.True(disposed.Task.IsCompleted);
    }

    [Fact]
    public async Task Given_more_matches_than_the_limit_When_it_is_reached_Then_the_find_ends_with_A700_saying_so_the_source_is_disposed_and_the_host_is_told()
    {
        var disposed = new TaskCompletionSource();
        var told = new List<int>();
        var find = Operation(_ => Matches(100, null, disposed), maxMatches: 3, limitReached: told.Add);

        var responses = new List<CFindResponse>();
        while (!find.IsFinished)
        {
            responses.Add(Assert.IsType<CFindResponse>((await find.NextAsync(default)).Command));
        }

        Assert.Equal([CFindStatus.Pending, CFindStatus.Pending, CFindStatus.Pending, CFindStatus.OutOfResources], responses.Select(r => r.Status));
        Assert.Equal("more than 3 matches; narrow the query", responses[^1].ErrorComment);
        Assert.True(disposed.Task.IsCompleted);
        Assert.Equal([3], told);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Given_a_limit_not_below_the_matches_When_they_run_out_Then_success_and_the_host_is_not_told(int matches)
    {
        var told = new List<int>();
        var find = Operation(_ => Matches(matches, null), maxMatches: 3, limitReached: told.Add);

        var statuses = new List<ushort>();
        while (!find.IsFinished)
        {
            statuses.Add(((CFindResponse)(await find.NextAsync(default)).Command).Status);
        }

        Assert.Equal([.. Enumerable.Repeat(CFindStatus.Pending, matches), CFindStatus.Success], statuses);
        Assert.Empty(told);
    }

    private static FindOperation Operation(
        Func<CancellationToken, IAsyncEnumerable<QueryEngine.Match>> matches, int? maxMatches = null, Action<int>? limitReached = null) =>
        new(1, new CFindRequest(5, CFindRequest.StudyRootSopClassUid), DicomTransferSyntax.ExplicitVRLittleEndian, QueryLevel.Study, matches, maxMatches, limitReached);

    private static async IAsyncEnumerable<QueryEngine.Match> Matches(
        int count, Exception? then, TaskCompletionSource? disposed = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                var id = new DicomDataset();
                id.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"1.2.{i}");
                yield return new QueryEngine.Match(id, false);
            }

            if (then is not null)
            {
                throw then;
            }
        }
        finally
        {
            disposed?.TrySetResult();
        }
    }
}
