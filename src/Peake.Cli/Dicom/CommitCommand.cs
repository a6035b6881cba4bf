using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom commit HOST PORT FILE|DIR... [--aet CALLING] [--aec CALLED] [--listen PORT] [TLS and timeout options]`:
/// Storage Commitment Push Model (PS3.4 J.3) for the instances in the files, directories recursively, their SOP class
/// and instance read from each file's meta group. One N-ACTION per batch of references, each report awaited on the
/// same association; with --listen, the association is released once the requests are accepted and the reports are
/// awaited on associations the SCP opens to PORT (as Orthanc does), the SCP knowing this AE (--aet) at that port.
/// Prints one line per instance not committed on standard error and "N committed, M failed"; exits 1 if any failed.
/// </summary>
internal static class CommitCommand
{
    // Keeps each Action Information far below what an SCP will buffer (ours takes 4 MiB, about 40,000 references).
    private const int BatchSize = 5000;

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, [.. NetworkPeer.Options, "--listen"], NetworkPeer.Switches);
        if (a.Positional.Count < 3)
        {
            throw new UsageException("needs HOST, PORT and at least one FILE or DIR");
        }

        var peer = NetworkPeer.From(a);
        // --timeout here also bounds the wait for each report, not only each DIMSE response.
        var timeout = peer.ResponseTimeout ?? TimeSpan.FromMinutes(2);
        int? listen = a.Option("--listen") is { } l ? NetworkPeer.ParsePort(l, allowZero: false) : null;
        var failed = 0;
        var byInstance = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new List<SopReference>();
        foreach (var path in a.Positional.Skip(2).SelectMany(StoreCommand.Expand))
        {
            var (file, problem) = ReadHeader(path);
            if (file is null)
            {
                Console.Error.WriteLine($"peake dicom commit: {path}: {problem}");
                failed++;
            }
            else if (byInstance.TryAdd(file.SopInstanceUid, path))
            {
                references.Add(new SopReference(file.SopClassUid, file.SopInstanceUid));
            }
        }

        var committed = 0;
        try
        {
            foreach (var result in CommitAsync(peer, references, timeout, listen).GetAwaiter().GetResult())
            {
                committed += result.Committed.Count;
                foreach (var f in result.Failed)
                {
                    var path = byInstance.TryGetValue(f.SopInstanceUid, out var p) ? p : f.SopInstanceUid;
                    Console.Error.WriteLine($"peake dicom commit: {path}: not committed, failure reason 0x{f.FailureReason:X4} ({Describe(f.FailureReason)})");
                    failed++;
                }
            }
        }
        catch (StorageCommitmentRefusedException e)
        {
            Console.Error.WriteLine($"peake dicom commit: {peer}: {e.Message}");
            failed += references.Count - committed;
        }
        catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
        {
            Console.Error.WriteLine($"peake dicom commit: {reason}");
            failed += references.Count - committed;
        }

        stdout.WriteLine($"{committed} committed, {failed} failed");
        return failed == 0 ? 0 : CommandTable.ExitFailure;
    }

    private static (StoreFile? File, string? Problem) ReadHeader(string path)
    {
        try
        {
            return StoreFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    private static async Task<List<StorageCommitmentResult>> CommitAsync(NetworkPeer peer, List<SopReference> references, TimeSpan timeout, int? listen)
    {
        if (listen is not { } port)
        {
            return await CommitOnAssociationAsync(peer, references, timeout, (association, batch) => association.CommitAsync(batch, timeout: timeout)).ConfigureAwait(false);
        }

        var listener = new CommitReportListener(port, peer.CallingAeTitle);
        await using (listener.ConfigureAwait(false))
        {
            listener.Start();
            // One association per batch. Each transaction is expected before its N-ACTION goes out: a fast SCP's report
            // can reach the listener, or the asking association (taken there too), before the N-ACTION-RSP does.
            var reports = new List<Task<StorageCommitmentResult>>();
            foreach (var batch in references.Chunk(BatchSize))
            {
                reports.AddRange(await CommitOnAssociationAsync(
                    peer,
                    [.. batch],
                    timeout,
                    async (association, b) =>
                    {
                        var transaction = DicomUid.Generate();
                        var report = listener.Expect(transaction);
                        try
                        {
                            await association.RequestCommitmentAsync(b, transaction).ConfigureAwait(false);
                            return report;
                        }
                        catch
                        {
                            listener.Forget(transaction);
                            throw;
                        }
                    },
                    listener.Take)
                    .ConfigureAwait(false));
            }

            return [.. await Task.WhenAll(reports.Select(r => r.WaitAsync(timeout))).ConfigureAwait(false)];
        }
    }

    /// <summary>One association; <paramref name="commit"/> per batch, each awaited before the next; then release.</summary>
    private static async Task<List<T>> CommitOnAssociationAsync<T>(
        NetworkPeer peer,
        List<SopReference> references,
        TimeSpan timeout,
        Func<DicomClientAssociation, SopReference[], Task<T>> commit,
        Func<StorageCommitmentResult, bool>? reportReceived = null)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = peer.CallingAeTitle,
            CalledAeTitle = peer.CalledAeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
            ResponseTimeout = timeout,
            CommitmentReportReceived = reportReceived,
        };
        var results = new List<T>();
        var association = await peer.OpenAsync(request).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            if (association.Association.Contexts.Count == 0)
            {
                await association.ReleaseAsync().ConfigureAwait(false);
                throw new StorageCommitmentRefusedException(0x0122, "the peer accepted no Storage Commitment Push Model context");
            }

            foreach (var batch in references.Chunk(BatchSize))
            {
                results.Add(await commit(association, batch).ConfigureAwait(false));
            }

            await association.ReleaseAsync().ConfigureAwait(false);
        }

        return results;
    }

    private static string Describe(ushort reason) => reason switch
    {
        CommitmentFailureReason.ProcessingFailure => "processing failure",
        CommitmentFailureReason.NoSuchObjectInstance => "no such object instance",
        CommitmentFailureReason.ClassInstanceConflict => "class/instance conflict",
        CommitmentFailureReason.ReferencedSopClassNotSupported => "SOP class not supported",
        CommitmentFailureReason.DuplicateTransactionUid => "duplicate transaction UID",
        CommitmentFailureReason.ResourceLimitation => "resource limitation",
        _ => "unknown reason",
    };
}
