using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Store;

namespace Peake.DicomWeb.Tests.Infrastructure;

/// <summary>
/// A folder of real Part 10 files behind the three ports, the way the node's read model and ingest will stand behind
/// them: candidates are one data set per entity with the computed attributes (ModalitiesInStudy, Number of … Related …),
/// retrieval serves the files' bytes, STOW writes files. The matching itself is the library's.
/// </summary>
internal sealed class TestArchive : IQueryService, IRetrieveSource, IStowTarget
{
    private readonly ConcurrentDictionary<string, (string Path, DicomDataset Header, string Syntax)> _instances = new(StringComparer.Ordinal);

    public TestArchive(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    /// <summary>Instances whose copies are "unreachable": <see cref="OpenAsync"/> answers null for them.</summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public void Add(string path)
    {
        var file = DicomFile.Open(path, new DicomReadOptions { StopAtPixelData = true });
        _instances[file.Dataset.GetString(DicomTags.SOPInstanceUID)!] = (path, file.Dataset, file.TransferSyntax.Uid);
    }

    public async IAsyncEnumerable<DicomDataset> CandidatesAsync(CFindQuery query, QueryContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var headers = _instances.Values.Select(i => i.Header).ToList();
        foreach (var group in headers.GroupBy(h => h.GetString(query.LevelKey) ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var candidate = new DicomDataset();
            foreach (var element in first)
            {
                candidate.Set(element);
            }

            var study = headers.Where(h => h.GetString(DicomTags.StudyInstanceUID) == first.GetString(DicomTags.StudyInstanceUID)).ToList();
            var series = study.Where(h => h.GetString(DicomTags.SeriesInstanceUID) == first.GetString(DicomTags.SeriesInstanceUID)).ToList();
            candidate.SetString(DicomTags.ModalitiesInStudy, DicomVR.CS, string.Join('\\', study.Select(h => h.GetString(DicomTags.Modality)).Distinct()));
            candidate.SetString(DicomTags.NumberOfStudyRelatedSeries, DicomVR.IS, Count(study.Select(h => h.GetString(DicomTags.SeriesInstanceUID)).Distinct().Count()));
            candidate.SetString(DicomTags.NumberOfStudyRelatedInstances, DicomVR.IS, Count(study.Count));
            candidate.SetString(DicomTags.NumberOfSeriesRelatedInstances, DicomVR.IS, Count(series.Count));
            yield return candidate;
        }
    }

    public Task<IReadOnlyList<RetrieveItem>> ResolveAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<RetrieveItem> items = [.. _instances.Values
            .Where(e => QueryEngine.Retrieve(query, [e.Header]).Any())
            .OrderBy(e => e.Header.GetString(DicomTags.SOPInstanceUID), StringComparer.Ordinal)
            .Select(e => new RetrieveItem(
                e.Header.GetString(DicomTags.StudyInstanceUID)!,
                e.Header.GetString(DicomTags.SeriesInstanceUID)!,
                e.Header.GetString(DicomTags.SOPInstanceUID)!,
                e.Header.GetString(DicomTags.SOPClassUID)!,
                e.Syntax,
                e.Path,
                new FileInfo(e.Path).Length))];
        return Task.FromResult(items);
    }

    public Task<Stream?> OpenAsync(RetrieveItem item, QueryContext context, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(Unreadable.Contains(item.SopInstanceUid) ? null : File.OpenRead(item.Locator));

    /// <summary>STOW requests begun and not yet disposed.</summary>
    public int OpenStowRequests => Volatile.Read(ref _openStowRequests);

    /// <summary>For each part stored, the number of the STOW request it came through.</summary>
    public ConcurrentQueue<int> StoredThroughRequest { get; } = [];

    private int _openStowRequests;
    private int _stowRequests;

    public IStowRequest Begin(StowContext context)
    {
        Interlocked.Increment(ref _openStowRequests);
        return new StowRequest(this, context, Interlocked.Increment(ref _stowRequests));
    }

    private sealed class StowRequest(TestArchive archive, StowContext context, int number) : IStowRequest
    {
        public Task<StowOutcome> StoreAsync(Stream part10, CancellationToken cancellationToken)
        {
            archive.StoredThroughRequest.Enqueue(number);
            return archive.StoreAsync(part10, context, cancellationToken);
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Decrement(ref archive._openStowRequests);
            return ValueTask.CompletedTask;
        }
    }

    private async Task<StowOutcome> StoreAsync(Stream part10, StowContext context, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".dcm.tmp");
        await using (var output = File.Create(temp))
        {
            await part10.CopyToAsync(output, cancellationToken);
        }

        DicomDataset header;
        try
        {
            header = DicomFile.Open(temp, new DicomReadOptions { StopAtPixelData = true }).Dataset;
        }
        catch (DicomParseException e)
        {
            File.Delete(temp);
            return StowOutcome.Failure(StowFailureReasons.CannotUnderstand, e.Message);
        }

        var study = header.GetString(DicomTags.StudyInstanceUID);
        var sop = header.GetString(DicomTags.SOPInstanceUID);
        var sopClass = header.GetString(DicomTags.SOPClassUID);
        if (context.RequiredStudyInstanceUid is { } required && required != study)
        {
            File.Delete(temp);
            return StowOutcome.Failure(StowFailureReasons.CannotUnderstand, "study mismatch", study, sopClass, sop);
        }

        var path = Path.Combine(Directory, sop + ".dcm");
        File.Move(temp, path, overwrite: true);
        Add(path);
        StoredBy.Add(context.HospitalAeTitle);
        return StowOutcome.Success(study!, header.GetString(DicomTags.SeriesInstanceUID)!, sopClass!, sop!);
    }

    public ConcurrentBag<string> StoredBy { get; } = [];

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
