using System.Collections.Concurrent;
using System.Diagnostics;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;
using static Peake.Dicom.Network.Tests.Infrastructure.CommitmentScript;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// Storage commitment work is bounded server-wide, not only per association, and is ended (abandoned, reported) when
/// the server stops rather than left running.
/// </summary>
public sealed class StorageCommitmentBoundTests
{
    [Fact]
    public async Task A_peer_asking_and_leaving_repeatedly_meets_the_server_wide_bound_0213_and_stopping_abandons_each_report()
    {
        var abandoned = new ConcurrentBag<string>();
        var server = Start(
            new PrefixCommitmentHandler(new TaskCompletionSource().Task),
            o => o with
            {
                MaxOutstandingTransactions = 2,
                DecisionTimeout = TimeSpan.FromMinutes(5),
                ReportAbandoned = (_, report, _) => abandoned.Add(report.TransactionUid),
            });
        var statuses = new List<ushort>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                // Each on an association of its own, dropped without waiting for the report.
                using var peer = await AssociateAsync(server, "MODALITY");
                await SendAsync(peer, 1, Action(), Information($"1.2.826.0.1.3680043.99.31.{i}", withReferences: true));
                statuses.Add(Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
                await peer.SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
            }
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            await server.DisposeAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopping.Elapsed}");
        }

        Assert.Equal([DimseStatus.Success, DimseStatus.Success, CommitmentStatus.ResourceLimitation], statuses);
        // The two accepted transactions were undecided when the server stopped: each is abandoned, none left running.
        Assert.Equal(["1.2.826.0.1.3680043.99.31.1", "1.2.826.0.1.3680043.99.31.2"], abandoned.Order(StringComparer.Ordinal));
    }
}
