using Peake.Storage;

namespace Peake.Transfer;

/// <summary>What the transfer endpoints tell the rest of the node: a blob arrived, or a blob being served was corrupt.</summary>
public interface IBlobTransferEvents
{
    /// <summary>A PUT stored a new blob (not called when the blob was already there).</summary>
    void Stored(BlobInfo blob);

    /// <summary>A GET found the blob corrupt; the store has quarantined it and the response was aborted.</summary>
    void Corrupt(string hash);
}
