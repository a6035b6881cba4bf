using System.Collections.Concurrent;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// The query side of a folder store: for each stored instance, the short text attributes of its header (what C-FIND
/// can match and return), keyed by SOP Instance UID. Filled from the folder's files at start-up and updated as
/// instances are stored; safe for concurrent readers and writers. Bulk values (over 1 KiB), binary values and
/// sequences are not kept, so memory stays near a kilobyte per instance.
/// </summary>
public sealed class InstanceIndex
{
    private const int MaxKeptValue = 1024;

    private static readonly DicomReadOptions HeaderOnly = new() { StopAtPixelData = true, LazyThreshold = MaxKeptValue };

    private readonly ConcurrentDictionary<string, DicomDataset> _instances = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);

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
            var dataset = DicomFile.Open(path, HeaderOnly).Dataset;
            if (!TryAdd(dataset))
            {
                return false;
            }

            // What C-GET and C-MOVE send: the file itself.
            _paths[dataset.GetString(DicomTags.SOPInstanceUID)!] = path;
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

        var kept = new DicomDataset();
        foreach (var element in dataset)
        {
            if (element is DicomValueElement { VR.IsString: true, IsLoaded: true, Length: <= MaxKeptValue } value)
            {
                kept.Set(new DicomValueElement(value.Tag, value.VR, value.Bytes.ToArray()));
            }
        }

        _instances[uid] = kept;
        return true;
    }

    /// <summary>The file an instance was indexed from, or null when it was indexed from a data set alone.</summary>
    public string? PathOf(string sopInstanceUid) => _paths.TryGetValue(sopInstanceUid, out var path) ? path : null;

    /// <summary>The indexed headers at this moment, in SOP Instance UID order so answers come in a stable order.</summary>
    public IReadOnlyList<DicomDataset> Snapshot() =>
        [.. _instances.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];
}
