using System.Collections.Concurrent;
using System.Net;
using Peake.Dicom;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom commit --listen PORT`: a server accepting only the Storage Commitment context, for SCPs (Orthanc among
/// them) that send their N-EVENT-REPORT on an association of their own (PS3.4 J.3.3). Reports of the transactions
/// this run asked for are taken; others are answered 0110H so their SCP keeps them.
/// </summary>
internal sealed class CommitReportListener : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentResult>> _expected = new(StringComparer.Ordinal);
    private readonly DicomServer _server;

    public CommitReportListener(int port, string aeTitle)
    {
        IReadOnlyList<string> plain = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        var options = new DicomServerOptions
        {
            Acceptor = new AcceptorOptions
            {
                AeTitle = aeTitle,
                Syntaxes = new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = plain },
                // The SCP calls back under its own AE title, which the --aec given may not be.
                AcceptAnyCalledAeTitle = true,
                RequestorScpRoleSopClasses = new HashSet<string> { StorageCommitmentSop.SopClassUid },
            },
            Address = IPAddress.Any,
            Port = port,
            StorageCommitment = new StorageCommitmentOptions { ReportReceived = (_, result) => Take(result) },
        };
        _server = new DicomServer(options, new NoStorage());
    }

    public void Start() => _server.Start();

    /// <summary>Completes when the report of <paramref name="transactionUid"/> arrives.</summary>
    public Task<StorageCommitmentResult> Expect(string transactionUid) =>
        _expected.GetOrAdd(transactionUid, _ => new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The request of <paramref name="transactionUid"/> failed: a report of it is no longer taken.</summary>
    public void Forget(string transactionUid) => _expected.TryRemove(transactionUid, out _);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>
    /// Takes a report of an expected transaction, here or on an association this run opened (PS3.4 J.3.3); false for
    /// any other.
    /// </summary>
    public bool Take(StorageCommitmentResult result)
    {
        if (!_expected.TryGetValue(result.TransactionUid, out var waiting))
        {
            return false;
        }

        // A repeated report of a known transaction is acknowledged too; the first one counts.
        waiting.TrySetResult(result);
        return true;
    }

    /// <summary>No storage context is accepted, so no C-STORE can reach this.</summary>
    private sealed class NoStorage : IStoreHandler
    {
        public ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the commitment report listener takes no C-STORE");
    }
}
