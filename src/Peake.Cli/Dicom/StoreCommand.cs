using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom store HOST PORT FILE|DIR... [--aet CALLING] [--aec CALLED]`: C-STORE (PS3.7 9.1.1) of each file,
/// directories recursively, like dcmtk's storescu. Each file travels in its own transfer syntax, its data set bytes
/// sent as they are on disk. Prints one line per failure on standard error and "N stored, M failed" at the end.
/// </summary>
internal static class StoreCommand
{
    // PS3.8 9.3.2.2: presentation context ids are odd numbers 1-255, so one association proposes at most 128.
    private const int MaxContexts = 128;

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, NetworkPeer.Options, NetworkPeer.Switches);
        if (a.Positional.Count < 3)
        {
            throw new UsageException("needs HOST, PORT and at least one FILE or DIR");
        }

        var peer = NetworkPeer.From(a);
        var failed = 0;
        var files = new List<StoreFile>();
        foreach (var path in a.Positional.Skip(2).SelectMany(Expand))
        {
            var (file, problem) = ReadHeader(path);
            if (file is null)
            {
                Fail(path, problem!);
                failed++;
            }
            else
            {
                files.Add(file);
            }
        }

        var tally = new Tally { Failed = failed };
        try
        {
            foreach (var batch in Batches(files))
            {
                SendAsync(peer, batch, tally).GetAwaiter().GetResult();
            }
        }
        catch (StoreAbandonedException e)
        {
            var unsent = files.Count + failed - tally.Stored - tally.Failed;
            Console.Error.WriteLine($"peake dicom store: {e.Message}; {unsent} file(s) not sent");
            tally.Failed += unsent;
        }

        stdout.WriteLine($"{tally.Stored} stored, {tally.Failed} failed");
        return tally.Failed == 0 ? 0 : CommandTable.ExitFailure;
    }

    internal static void Fail(string path, string reason) => Console.Error.WriteLine($"peake dicom store: {path}: {reason}");

    internal static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        }

        return [path];
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

    /// <summary>Consecutive runs of files needing at most <see cref="MaxContexts"/> (SOP class, transfer syntax) pairs.</summary>
    private static IEnumerable<List<StoreFile>> Batches(IEnumerable<StoreFile> files)
    {
        var batch = new List<StoreFile>();
        var pairs = new HashSet<(string, string)>();
        foreach (var file in files)
        {
            var pair = (file.SopClassUid, file.TransferSyntaxUid);
            if (!pairs.Contains(pair) && pairs.Count == MaxContexts)
            {
                yield return batch;
                batch = [];
                pairs.Clear();
            }

            pairs.Add(pair);
            batch.Add(file);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Sends one batch. When the peer aborts in the middle, the file being sent fails and the rest go on a new
    /// association; when no association can be opened at all, the whole run is abandoned.
    /// </summary>
    private static async Task SendAsync(NetworkPeer peer, List<StoreFile> batch, Tally tally)
    {
        var next = 0;
        while (next < batch.Count)
        {
            var request = new AssociationRequest
            {
                CallingAeTitle = peer.CallingAeTitle,
                CalledAeTitle = peer.CalledAeTitle,
                PresentationContexts = Contexts(batch.Skip(next)),
            };
            DicomClientAssociation association;
            try
            {
                association = await peer.OpenAsync(request).ConfigureAwait(false);
            }
            catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
            {
                throw new StoreAbandonedException(reason, e);
            }

            await using (association.ConfigureAwait(false))
            {
                var aborted = false;
                for (; next < batch.Count && !aborted; next++)
                {
                    var file = batch[next];
                    try
                    {
                        if (await StoreOneAsync(association, file).ConfigureAwait(false))
                        {
                            tally.Stored++;
                        }
                        else
                        {
                            tally.Failed++;
                        }
                    }
                    catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
                    {
                        Fail(file.Path, reason);
                        tally.Failed++;
                        aborted = true;
                    }
                }

                if (!aborted)
                {
                    try
                    {
                        await association.ReleaseAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
                    {
                        // Every response is in: the instances are stored whatever happens to the release.
                        Console.Error.WriteLine($"peake dicom store: release failed: {reason}");
                    }
                }
            }
        }
    }

    /// <summary>True when stored (success or warning); failures print their line here.</summary>
    private static async Task<bool> StoreOneAsync(DicomClientAssociation association, StoreFile file)
    {
        var accepted = association.Association.Contexts.Values.Any(c => c.AbstractSyntax == file.SopClassUid && c.TransferSyntax == file.TransferSyntaxUid);
        if (!accepted)
        {
            Fail(file.Path, $"the peer accepted no presentation context for SOP class {file.SopClassUid} in transfer syntax {file.TransferSyntaxUid}");
            return false;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable since its header was read: this file fails, the association goes on.
            Fail(file.Path, e.Message);
            return false;
        }

        CStoreResponse response;
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(file.DataSetOffset, SeekOrigin.Begin);
            response = await association.StoreAsync(file.SopClassUid, file.SopInstanceUid, file.TransferSyntaxUid, stream).ConfigureAwait(false);
        }

        var comment = string.IsNullOrEmpty(response.ErrorComment) ? "" : $" ({response.ErrorComment})";
        if (DimseStatus.IsSuccess(response.Status))
        {
            return true;
        }

        if (DimseStatus.IsWarning(response.Status))
        {
            Console.Error.WriteLine($"peake dicom store: {file.Path}: stored with warning status 0x{response.Status:X4}{comment}");
            return true;
        }

        Fail(file.Path, $"C-STORE failed with status 0x{response.Status:X4}{comment}");
        return false;
    }

    /// <summary>One context per (SOP class, transfer syntax) pair, each proposing only the file's own syntax.</summary>
    private static PresentationContextRequest[] Contexts(IEnumerable<StoreFile> files) =>
        files
            .Select(f => (f.SopClassUid, f.TransferSyntaxUid))
            .Distinct()
            .Take(MaxContexts)
            .Select((p, i) => new PresentationContextRequest((byte)(1 + (2 * i)), p.SopClassUid, [p.TransferSyntaxUid]))
            .ToArray();

    private sealed class Tally
    {
        public int Stored { get; set; }

        public int Failed { get; set; }
    }
}
