using System.Collections.Concurrent;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// The query side of a folder store: for each stored instance, the short text attributes of its header (what C-FIND
/// can match and return), keyed by SOP Instance UID. Filled from the folder's files at start-up and updated as
/// instances are stored; safe for concurrent readers and writers. Bulk values (over 1 KiB), binary values and
/// sequences over 8 KiB of text are not kept, so memory stays near a few kilobytes per instance.
/// As the folder SCP's <see cref="IQueryService"/> it groups the instances per level and computes the aggregate
/// attributes per query (<see cref="FolderCandidates"/>); as its <see cref="IRetrieveSource"/> the locator is the file.
/// </summary>
public sealed class InstanceIndex : IQueryService, IRetrieveSource
{
    private const int MaxKeptValue = 1024;

    /// <summary>Text kept inside sequences per instance: code sequences and references, not whole nested documents.</summary>
    private const int MaxKeptSequenceBytes = 8 * 1024;

    private const int MaxSequenceDepth = 4;

    private static readonly DicomReadOptions HeaderOnly = new() { StopAtPixelData = true, LazyThreshold = MaxKeptValue };

    private readonly ConcurrentDictionary<string, DicomDataset> _instances = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, (string Path, string TransferSyntaxUid)> _files = new(StringComparer.Ordinal);

    public int Count => _instances.Count;

    /// <summary>Indexes every readable "*.dcm" file in <paramref name="directory"/>; unreadable ones are skipped.</summary>
    public static InstanceIndex Load(string directory)
    {
        var index = new InstanceIndex();
        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*.dcm"))
            {
                index.TryAddFile(path);
            }
        }

        return index;
    }

    /// <summary>Reads a Part 10 file's header and indexes it; false when it cannot be read or has no SOP Instance UID.</summary>
    public bool TryAddFile(string path)
    {
        try
        {
            var file = DicomFile.Open(path, HeaderOnly);
            var dataset = file.Dataset;
            if (!TryAdd(dataset))
            {
                return false;
            }

            // What C-GET and C-MOVE send: the file itself.
            _files[dataset.GetString(DicomTags.SOPInstanceUID)!] = (path, file.TransferSyntax.Uid);
            return true;
        }
        catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Indexes an instance's data set (a reduced copy is kept); false without a SOP Instance UID.</summary>
    public bool TryAdd(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var uid = dataset.GetString(DicomTags.SOPInstanceUID);
        if (string.IsNullOrEmpty(uid))
        {
            return false;
        }

        var budget = MaxKeptSequenceBytes;
        _instances[uid] = Reduce(dataset, 0, ref budget);
        return true;
    }

    /// <summary>
    /// A copy holding the short text elements, and sequences of such items (for sequence matching, PS3.4 C.2.2.2.6)
    /// while they fit in <paramref name="budget"/> bytes and <see cref="MaxSequenceDepth"/> levels; a sequence over
    /// either is dropped whole, never cut, so a kept sequence always holds all its items.
    /// </summary>
    internal static DicomDataset Reduce(DicomDataset dataset, int depth, ref int budget)
    {
        var kept = new DicomDataset();
        foreach (var element in dataset)
        {
            if (element is DicomValueElement { VR.IsString: true, IsLoaded: true, Length: <= MaxKeptValue } value)
            {
                if (depth > 0 && (budget -= (int)value.Length) < 0)
                {
                    return kept;
                }

                kept.Set(new DicomValueElement(value.Tag, value.VR, value.Bytes.ToArray()));
            }
            else if (element is DicomSequence sequence && depth < MaxSequenceDepth && CopySequence(sequence, depth, budget) is { } copy)
            {
                budget = copy.Budget;
                kept.Set(copy.Sequence);
            }
        }

        return kept;
    }

    private static (DicomSequence Sequence, int Budget)? CopySequence(DicomSequence sequence, int depth, int budget)
    {
        var copy = new DicomSequence(sequence.Tag);
        foreach (var item in sequence.Items)
        {
            copy.Items.Add(Reduce(item, depth + 1, ref budget));
            if (budget < 0)
            {
                return null;
            }
        }

        return (copy, budget);
    }

    /// <summary>The file an instance was indexed from, or null when it was indexed from a data set alone.</summary>
    public string? PathOf(string sopInstanceUid) => _files.TryGetValue(sopInstanceUid, out var file) ? file.Path : null;

    /// <summary>The indexed headers at this moment, in SOP Instance UID order so answers come in a stable order.</summary>
    public IReadOnlyList<DicomDataset> Snapshot() =>
        [.. _instances.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];

    public IAsyncEnumerable<DicomDataset> CandidatesAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return FolderCandidates.Build(query.Level, Snapshot()).ToAsyncEnumerable();
    }

    public Task<IReadOnlyList<RetrieveItem>> ResolveAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<RetrieveItem> items = [.. QueryEngine.Retrieve(query, Snapshot()).Select(Item)];
        return Task.FromResult(items);
    }

    /// <summary>The indexed file; null when the instance was indexed without one or its file cannot be opened.</summary>
    public Task<Stream?> OpenAsync(RetrieveItem item, QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Locator.Length == 0)
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(item.Locator, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    private RetrieveItem Item(DicomDataset instance)
    {
        var uid = instance.GetString(DicomTags.SOPInstanceUID) ?? "";
        var (path, syntax) = _files.TryGetValue(uid, out var file) ? file : ("", "");
        return new RetrieveItem(
            instance.GetString(DicomTags.StudyInstanceUID) ?? "",
            instance.GetString(DicomTags.SeriesInstanceUID) ?? "",
            uid,
            instance.GetString(DicomTags.SOPClassUID) ?? "",
            syntax,
            path,
            path.Length == 0 ? 0 : SizeOf(path));
    }

    private static long SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
