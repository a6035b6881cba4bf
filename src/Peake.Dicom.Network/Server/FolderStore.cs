using Peake.Storage;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// Stores each instance as a Part 10 file "&lt;SOP Instance UID&gt;.dcm" in one folder: preamble, "DICM", a file meta
/// group built here (PS3.10 7.1), then the data set bytes exactly as received. The file name comes only from a UID
/// that passes <see cref="DicomUid.IsValid"/> (digits and dots), never from anything else the peer sent; other
/// requests are refused with status C000H. Written to a hidden temporary file (in the folder, or a prepared one in
/// <see cref="IncomingFolder"/>), flushed to disk, then renamed into the folder and the folder flushed, so a reader
/// never sees a partial file, a broken association leaves nothing behind, and success is answered only for an
/// instance that is on disk (docs/decisions/0014-store-durability.md).
/// </summary>
public sealed class FolderStore : IStoreHandler, IDisposable
{
    /// <summary>The hidden subfolder of a store with prepared files; only temporaries live there.</summary>
    public const string IncomingFolder = ".incoming";

    /// <summary>A good <c>preparedFiles</c> for a server: enough for a burst on several associations, few open files.</summary>
    public const int DefaultPreparedFiles = 16;

    private readonly PreparedFiles? _prepared;

    /// <param name="directory">The folder; created when missing.</param>
    /// <param name="durable">
    /// False skips both fsyncs: an instance answered with success can then be lost in a power cut. Only for
    /// benchmarks that compare with a store that does not sync; never for data anyone needs.
    /// </param>
    /// <param name="preparedFiles">
    /// When above 0, up to this many empty temporary files are created ahead of need in <see cref="IncomingFolder"/>
    /// (emptied of a previous run's leftovers now), taking file creation off each C-STORE's path. Only for the one
    /// process that owns the folder, which must dispose the store; 0 (the default) writes temporaries as hidden
    /// files in the folder itself and starts nothing.
    /// </param>
    public FolderStore(string directory, bool durable = true, int preparedFiles = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preparedFiles);
        Durable = durable;
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        Index = InstanceIndex.Load(Directory);
        if (preparedFiles > 0)
        {
            _prepared = new PreparedFiles(Path.Combine(Directory, IncomingFolder), preparedFiles);
        }
    }

    public string Directory { get; }

    /// <summary>Whether each instance is fsynced (file and folder) before success is answered.</summary>
    public bool Durable { get; }

    /// <summary>The headers of the stored instances, for C-FIND: read from the folder now, then kept up to date.</summary>
    public InstanceIndex Index { get; }

    public ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!DicomUid.IsValid(request.AffectedSopInstanceUid) || !DicomUid.IsValid(request.AffectedSopClassUid))
        {
            return ValueTask.FromResult<IStoreSink>(new RefusingStoreSink(DimseStatus.CannotUnderstand));
        }
        var finalPath = Path.Combine(Directory, request.AffectedSopInstanceUid + ".dcm");
        var meta = FileMeta.Build(request.AffectedSopClassUid, request.AffectedSopInstanceUid, context.TransferSyntax, association.CallingAeTitle);
        return ValueTask.FromResult<IStoreSink>(new FolderStoreSink(this, finalPath, meta));
    }

    /// <summary>A new temporary file for one instance, open for writing, in the store's file system.</summary>
    internal FileStream CreateTemporary() =>
        _prepared?.Take()
        ?? PreparedFiles.OpenNew(Path.Combine(Directory, "." + Guid.NewGuid().ToString("N") + ".part"));

    /// <summary>Makes the folder's entries (a rename into it) durable.</summary>
    internal void FlushDirectory() => DirectorySync.Flush(Directory);

    /// <summary>Stops preparing files and deletes the prepared ones not used.</summary>
    public void Dispose() => _prepared?.Dispose();
}
