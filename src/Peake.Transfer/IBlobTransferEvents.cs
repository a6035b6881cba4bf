using Peake.Storage;

namespace Peake.Transfer;

/// <summary>What the transfer endpoints tell the rest of the node: a blob arrived, or a blob being served was corrupt.</summary>
public interface IBlobTransferEvents
{
    /// <summary>A PUT stored a new blob (not called when the blob was already there).</summary>
    void Stored(BlobInfo blob);

    /// <summary>
    /// A GET found the blob corrupt or unreadable (EIO), or a PUT found the copy it was about to replace so; the store
    /// has quarantined it (a GET's response was aborted).
    /// </summary>
    void Corrupt(string hash);
}
